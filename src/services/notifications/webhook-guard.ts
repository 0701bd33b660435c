/**
 * Webhooks may only call the outside world: loopback, private, link-local, shared
 * (CGNAT), multicast and unspecified addresses are refused — when the URL is saved
 * (after DNS resolution) and again when the connection is made (against DNS rebinding)
 * — unless MANDATE_WEBHOOK_ALLOW names them (addresses or CIDRs, comma-separated).
 */
import { BlockList, isIP } from 'node:net';
import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { promises as dns } from 'node:dns';
import { ValidationError } from '../../domain/errors.js';

const FORBIDDEN: ReadonlyArray<[string, number, 'ipv4' | 'ipv6']> = [
  ['0.0.0.0', 8, 'ipv4'], // "this network", unspecified
  ['10.0.0.0', 8, 'ipv4'],
  ['100.64.0.0', 10, 'ipv4'], // shared address space (CGNAT)
  ['127.0.0.0', 8, 'ipv4'],
  ['169.254.0.0', 16, 'ipv4'], // link-local, cloud metadata
  ['172.16.0.0', 12, 'ipv4'],
  ['192.0.0.0', 24, 'ipv4'],
  ['192.168.0.0', 16, 'ipv4'],
  ['198.18.0.0', 15, 'ipv4'], // benchmarking
  ['224.0.0.0', 3, 'ipv4'], // multicast, reserved, broadcast
  ['::', 128, 'ipv6'],
  ['::1', 128, 'ipv6'],
  ['fc00::', 7, 'ipv6'], // unique local
  ['fe80::', 10, 'ipv6'], // link-local
  ['ff00::', 8, 'ipv6'], // multicast
];

const forbidden = new BlockList();
for (const [network, prefix, type] of FORBIDDEN) forbidden.addSubnet(network, prefix, type);

/** The allow-list from MANDATE_WEBHOOK_ALLOW: "127.0.0.1,10.20.0.0/16,::1". */
export function webhookAllowList(env: NodeJS.ProcessEnv = process.env): BlockList {
  const allow = new BlockList();
  for (const entry of (env.MANDATE_WEBHOOK_ALLOW ?? '')
    .split(',')
    .map((e) => e.trim())
    .filter(Boolean)) {
    const [address, prefix] = entry.split('/');
    const type = isIP(address ?? '') === 6 ? 'ipv6' : 'ipv4';
    if (!isIP(address ?? '')) throw new Error(`MANDATE_WEBHOOK_ALLOW: not an address or CIDR: ${entry}`);
    if (prefix === undefined) allow.addAddress(address!, type);
    else allow.addSubnet(address!, Number(prefix), type);
  }
  return allow;
}

/** An IPv4 address written inside IPv6 (::ffff:127.0.0.1) is judged as the IPv4 address. */
function unmapped(address: string): { address: string; type: 'ipv4' | 'ipv6' } {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped) return { address: mapped[1]!, type: 'ipv4' };
  return { address, type: isIP(address) === 6 ? 'ipv6' : 'ipv4' };
}

/** Why an address may not be called, or undefined when it may. */
export function refusedAddress(address: string, allow: BlockList): string | undefined {
  const { address: a, type } = unmapped(address);
  if (allow.check(a, type) || allow.check(address, isIP(address) === 6 ? 'ipv6' : 'ipv4')) return undefined;
  if (forbidden.check(a, type))
    return `${address} is a loopback, private, link-local or reserved address (allow it with MANDATE_WEBHOOK_ALLOW)`;
  return undefined;
}

/** Checks a webhook URL when it is saved: http(s), and every address its host resolves to is public. */
export async function checkWebhookUrl(raw: string, allow: BlockList = webhookAllowList()): Promise<void> {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ValidationError([{ path: 'url', message: 'not a URL' }]);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new ValidationError([{ path: 'url', message: 'only http and https webhooks' }]);
  if (url.username || url.password)
    throw new ValidationError([{ path: 'url', message: 'no credentials in the URL: the signature authenticates us' }]);
  const host = url.hostname.replace(/^\[|\]$/g, '');
  let addresses: string[];
  if (isIP(host)) addresses = [host];
  else {
    try {
      addresses = (await dns.lookup(host, { all: true, verbatim: true })).map((a) => a.address);
    } catch {
      throw new ValidationError([{ path: 'url', message: `the host ${host} does not resolve` }]);
    }
  }
  for (const address of addresses) {
    const why = refusedAddress(address, allow);
    if (why) throw new ValidationError([{ path: 'url', message: `refused: ${host} → ${why}` }]);
  }
}

type LookupCallback = (error: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;

/** A DNS lookup for http.request that refuses forbidden addresses at connect time. */
export function guardedLookup(allow: BlockList) {
  return (hostname: string, options: object, callback: LookupCallback): void => {
    dnsLookup(hostname, { ...options, all: true }, (error, addresses) => {
      if (error) return callback(error, []);
      const list = addresses;
      for (const entry of list) {
        const why = refusedAddress(entry.address, allow);
        if (why) return callback(Object.assign(new Error(`webhook refused: ${why}`), { code: 'EREFUSED' }), []);
      }
      const all = (options as { all?: boolean }).all;
      if (all) return callback(null, list);
      return callback(null, list[0]!.address, list[0]!.family);
    });
  };
}

/**
 * POSTs a JSON body to a webhook through the guard; no redirects are followed. Resolves
 * with the HTTP status; rejects on refusal, network error or timeout.
 */
export async function postWebhook(
  raw: string,
  body: string,
  headers: Record<string, string>,
  timeoutMs: number,
  allow: BlockList = webhookAllowList(),
): Promise<number> {
  const url = new URL(raw);
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (isIP(host)) {
    const why = refusedAddress(host, allow);
    if (why) throw new Error(`webhook refused: ${why}`);
  }
  const { request } = url.protocol === 'https:' ? await import('node:https') : await import('node:http');
  return new Promise<number>((resolve, reject) => {
    const req = request(
      url,
      {
        method: 'POST',
        headers: { ...headers, 'content-length': Buffer.byteLength(body) },
        lookup: guardedLookup(allow),
        agent: false,
        timeout: timeoutMs,
      },
      (response) => {
        response.resume();
        response.on('end', () => resolve(response.statusCode ?? 0));
        response.on('error', reject);
      },
    );
    req.on('timeout', () => req.destroy(new Error(`no answer within ${timeoutMs} ms`)));
    req.on('error', reject);
    req.end(body);
  });
}
