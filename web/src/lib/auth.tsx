/**
 * Sessions (issue 5): the server sets an HttpOnly cookie at sign-in and returns a CSRF
 * token that every cookie-authenticated write must send. Until the server has
 * sessions, /api/auth/me answers 404 and the app simply runs without a user.
 */
import { createContext, useCallback, useContext, useEffect, useState, type ReactNode } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { api, ApiError, onUnauthorized, setCsrfToken } from '../api/client';
import type { SessionUser } from '../api/types';
import { flushOutbox, onOutboxSent, setOutboxOwner, startOutbox } from './outbox';
import { clearCachedWork } from './service-worker';

interface AuthState {
  user: SessionUser | null;
  /** The first /auth/me has answered (or failed): `user` is known. */
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
  const [user, setUser] = useState<SessionUser | null>(null);
  const [needSignIn, setNeedSignIn] = useState(false);
  const [checked, setChecked] = useState(false);
  const queryClient = useQueryClient();

  useEffect(() => onUnauthorized(() => setNeedSignIn(true)), []);
  useEffect(() => {
    const me = () =>
      api<{ user: SessionUser; csrfToken?: string }>('/auth/me', { quiet401: true }).then((r) => {
        setUser(r.user);
        if (r.csrfToken) setCsrfToken(r.csrfToken);
      });
    me()
      .catch((e: unknown) => {
        if (!(e instanceof ApiError)) return;
      })
      .finally(() => setChecked(true));
    // The outbox (lib/outbox.ts) sends when the network returns, with a fresh session token.
    return startOutbox(me);
  }, []);
  useEffect(() => {
    setOutboxOwner(user?.username ?? null);
    if (user) void flushOutbox();
  }, [user]);
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
      setUser(r.user);
      setNeedSignIn(false);
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
      setNeedSignIn(true);
    }
  }, [queryClient]);

  return <AuthContext.Provider value={{ user, checked, needSignIn, signIn, signOut }}>{children}</AuthContext.Provider>;
}

export function useAuth(): AuthState {
  return useContext(AuthContext);
}
