/** Security settings from the environment (documented in docs/security.md). */

export interface OidcConfig {
  issuer: string;
  clientId: string;
  clientSecret: string | undefined;
  /** Where the provider sends the browser back: …/api/auth/oidc/callback. */
  redirectUri: string;
  scopes: string;
  /** Claim holding the username (lower-cased). */
  usernameClaim: string;
  nameClaim: string;
  /** Claim holding grants: ["secretariat:VN", "reporter:VN-HN"] or [{role, unit}]. */
  grantsClaim: string;
  /** Or: one claim with the org unit and one with the role. */
  unitClaim: string | undefined;
  roleClaim: string | undefined;
  /** Role used when a unit claim comes without a role claim. */
  defaultRole: string | undefined;
  /** Claim value → org-unit code, e.g. {"HANOI-DX": "VN-HN"}; unmapped values are taken as codes. */
  unitMap: Record<string, string>;
  /** Whether the provider may grant the admin role (default no). */
  allowAdmin: boolean;
  /** Plain-http provider (loopback tests only). */
  allowInsecure: boolean;
}

export interface SecurityConfig {
  sessionHours: number;
  /** Secret for signing cookies; when unset, one is generated and kept in the database. */
  cookieSecret: string | undefined;
  /** Send cookies with Secure (set when served over https; default: when MANDATE_PUBLIC_URL is https). */
  secureCookies: boolean;
  login: { max: number; timeWindowMs: number };
  bodyLimit: number;
  importBodyLimit: number;
  /**
   * Which X-Forwarded-For hops to believe: false (none: the socket address is the client),
   * a number of proxies in front of Mandate, or the proxies' addresses/CIDRs.
   */
  trustProxy: false | number | string[];
  oidc: OidcConfig | undefined;
}

function positive(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isFinite(n) || n <= 0) throw new Error(`${name}: not a positive number: ${raw}`);
  return n;
}

/** MANDATE_TRUST_PROXY: a hop count ("1") or the proxies' addresses ("10.0.0.5,10.0.1.0/24"). */
export function parseTrustProxy(raw: string | undefined): false | number | string[] {
  const value = raw?.trim() ?? '';
  if (value === '' || value === '0' || value === 'false') return false;
  if (/^\d+$/.test(value)) return Number(value);
  if (value === 'true' || value === '*')
    throw new Error(
      'MANDATE_TRUST_PROXY: "true" would believe any X-Forwarded-For a client sends; ' +
        'give the number of proxies in front of Mandate (e.g. 1) or their addresses (e.g. 10.0.0.5,10.0.1.0/24)',
    );
  const entries = value
    .split(',')
    .map((e) => e.trim())
    .filter(Boolean);
  const address = /^(?:\d{1,3}(?:\.\d{1,3}){3}|[0-9a-f:]+)(?:\/\d{1,3})?$/i;
  const bad = entries.find((e) => !address.test(e) && !['loopback', 'linklocal', 'uniquelocal'].includes(e));
  if (bad) throw new Error(`MANDATE_TRUST_PROXY: not an address, CIDR or hop count: ${bad}`);
  return entries;
}

export function loadSecurityConfig(env: NodeJS.ProcessEnv = process.env): SecurityConfig {
  const publicUrl = env.MANDATE_PUBLIC_URL ?? `http://${env.HOST ?? '127.0.0.1'}:${env.PORT ?? 8080}`;
  let oidc: OidcConfig | undefined;
  if (env.MANDATE_OIDC_ISSUER) {
    if (!env.MANDATE_OIDC_CLIENT_ID) throw new Error('MANDATE_OIDC_CLIENT_ID: needed with MANDATE_OIDC_ISSUER');
    let unitMap: Record<string, string> = {};
    if (env.MANDATE_OIDC_UNIT_MAP) {
      try {
        unitMap = JSON.parse(env.MANDATE_OIDC_UNIT_MAP) as Record<string, string>;
      } catch {
        throw new Error('MANDATE_OIDC_UNIT_MAP: not a JSON object');
      }
    }
    oidc = {
      issuer: env.MANDATE_OIDC_ISSUER,
      clientId: env.MANDATE_OIDC_CLIENT_ID,
      clientSecret: env.MANDATE_OIDC_CLIENT_SECRET || undefined,
      redirectUri: env.MANDATE_OIDC_REDIRECT_URI ?? `${publicUrl.replace(/\/$/, '')}/api/auth/oidc/callback`,
      scopes: env.MANDATE_OIDC_SCOPES ?? 'openid profile email',
      usernameClaim: env.MANDATE_OIDC_USERNAME_CLAIM ?? 'preferred_username',
      nameClaim: env.MANDATE_OIDC_NAME_CLAIM ?? 'name',
      grantsClaim: env.MANDATE_OIDC_GRANTS_CLAIM ?? 'mandate_grants',
      unitClaim: env.MANDATE_OIDC_UNIT_CLAIM || undefined,
      roleClaim: env.MANDATE_OIDC_ROLE_CLAIM || undefined,
      defaultRole: env.MANDATE_OIDC_DEFAULT_ROLE || undefined,
      unitMap,
      allowAdmin: env.MANDATE_OIDC_ALLOW_ADMIN === '1',
      allowInsecure: env.MANDATE_OIDC_ALLOW_HTTP === '1',
    };
  }
  return {
    sessionHours: positive(env, 'MANDATE_SESSION_HOURS', 8),
    cookieSecret: env.MANDATE_COOKIE_SECRET || undefined,
    secureCookies: env.MANDATE_SECURE_COOKIES ? env.MANDATE_SECURE_COOKIES === '1' : publicUrl.startsWith('https:'),
    login: {
      max: positive(env, 'MANDATE_LOGIN_RATE_MAX', 20),
      timeWindowMs: positive(env, 'MANDATE_LOGIN_RATE_WINDOW_MS', 60_000),
    },
    bodyLimit: positive(env, 'MANDATE_BODY_LIMIT', 1024 * 1024),
    importBodyLimit: positive(env, 'MANDATE_IMPORT_BODY_LIMIT', 10 * 1024 * 1024),
    trustProxy: parseTrustProxy(env.MANDATE_TRUST_PROXY),
    oidc,
  };
}
