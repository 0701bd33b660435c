/**
 * Sessions (issue 5): the server sets an HttpOnly cookie at sign-in and returns a CSRF
 * token that every cookie-authenticated write must send. Every page needs a signed-in
 * user: until /api/auth/me has answered the app shows nothing, then the sign-in page
 * when nobody is. What the user may do comes from their grants through
 * src/domain/capabilities.ts, the rules the server's policies use.
 */
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { api, ApiError, dropPrefetched, onUnauthorized, setCsrfToken } from '../api/client';
import type { SessionUser } from '../api/types';
import { flushOutbox, onOutboxSent, setOutboxOwner, startOutbox } from './outbox';
import { clearCachedWork } from './service-worker';
import { forgetLastWork, rememberedUser, rememberUser } from './last-work';
import { capabilitiesOf, mayOn, type Capability } from '../../../src/domain/capabilities';

interface AuthState {
  user: SessionUser | null;
  /** /api/auth/me has answered (either way) or could not be reached. */
  checked: boolean;
  needSignIn: boolean;
  signIn: (username: string, password: string) => Promise<void>;
  signOut: () => Promise<void>;
}

const AuthContext = createContext<AuthState>({
  user: null,
  checked: false,
  needSignIn: false,
  signIn: async () => {},
  signOut: async () => {},
});

export function AuthProvider({ children }: { children: ReactNode }) {
  // The user of the last visit on this device, until /api/auth/me answers (lib/last-work.ts): their
  // first screen is drawn from the device's copy at once.
  const [user, setUser] = useState<SessionUser | null>(rememberedUser);
  const [checked, setChecked] = useState(false);
  const [expired, setExpired] = useState(false);
  /** /api/auth/me could not be reached (offline): the cached work is shown, not the sign-in page. */
  const [unreachable, setUnreachable] = useState(false);
  const queryClient = useQueryClient();

  useEffect(() => onUnauthorized(() => setExpired(true)), []);
  useEffect(() => {
    const me = () =>
      api<{ user: SessionUser; csrfToken?: string | null }>('/auth/me', { quiet401: true }).then((r) => {
        // Someone else than the remembered user: nothing of the other's may stay on screen.
        if (rememberedUser()?.username !== r.user.username) queryClient.removeQueries();
        rememberUser(r.user);
        setUser(r.user);
        setUnreachable(false);
        if (r.csrfToken) setCsrfToken(r.csrfToken);
      });
    me()
      .catch((e: unknown) => {
        if (!(e instanceof ApiError)) return setUnreachable(true);
        if (rememberedUser()) {
          forgetLastWork();
          queryClient.clear();
        }
        setUser(null);
        dropPrefetched();
      })
      .finally(() => setChecked(true));
    // The outbox (lib/outbox.ts) sends when the network returns, with a fresh session token.
    return startOutbox(me);
  }, [queryClient]);
  useEffect(() => {
    setOutboxOwner(user?.username ?? null);
    // Not with the remembered user before the server has answered (no session token yet).
    if (user && checked) void flushOutbox();
  }, [user, checked]);
  useEffect(() => onOutboxSent(() => void queryClient.invalidateQueries()), [queryClient]);

  const signIn = useCallback(
    async (username: string, password: string) => {
      const r = await api<{ user: SessionUser; csrfToken: string }>('/auth/login', {
        method: 'POST',
        body: { username, password },
        quiet401: true,
      });
      setCsrfToken(r.csrfToken);
      await clearCachedWork();
      rememberUser(r.user);
      setUser(r.user);
      setExpired(false);
      setChecked(true);
      await queryClient.invalidateQueries();
    },
    [queryClient],
  );

  const signOut = useCallback(async () => {
    try {
      await api('/auth/logout', { method: 'POST', quiet401: true });
    } finally {
      setCsrfToken(null);
      setUser(null);
      queryClient.clear();
      await clearCachedWork();
      setExpired(true);
    }
  }, [queryClient]);

  const needSignIn = expired || (checked && !user && !unreachable);
  return <AuthContext.Provider value={{ user, checked, needSignIn, signIn, signOut }}>{children}</AuthContext.Provider>;
}

export function useAuth(): AuthState {
  return useContext(AuthContext);
}

/** Pages offered only to users who may do their work there (any one of the capabilities); every other page reads. */
export const PAGE_NEEDS: Partial<Record<string, readonly Capability[]>> = {
  reviews: ['review', 'report'],
  drafts: ['importProgrammes'],
};

/** Whether the signed-in user is offered a page (by its navigation key). */
export function useMayOpen(): (page: string) => boolean {
  const { can } = useCan();
  return (page) => {
    const needs = PAGE_NEEDS[page];
    return !needs || needs.some((c) => can(c));
  };
}

const NOBODY = { grants: [] };

/** What the signed-in user may do anywhere, and on one unit (by path): the server's own rules. */
export function useCan(): {
  can: (c: Capability) => boolean;
  canOn: (c: Capability, unitPath: string) => boolean;
} {
  const { user } = useAuth();
  return useMemo(() => {
    const actor = user ? { grants: user.grants } : NOBODY;
    const all = capabilitiesOf(actor);
    return { can: (c: Capability) => all[c], canOn: (c: Capability, path: string) => mayOn(actor, c, path) };
  }, [user]);
}
