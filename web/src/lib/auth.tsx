/**
 * Sessions (issue 5): the server sets an HttpOnly cookie at sign-in and returns a CSRF
 * token that every cookie-authenticated write must send. Until the server has
 * sessions, /api/auth/me answers 404 and the app simply runs without a user.
 */
import { createContext, useCallback, useContext, useEffect, useState, type ReactNode } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { api, ApiError, onUnauthorized, setCsrfToken } from '../api/client';
import type { SessionUser } from '../api/types';

interface AuthState {
  user: SessionUser | null;
  needSignIn: boolean;
  signIn: (username: string, password: string) => Promise<void>;
  signOut: () => Promise<void>;
}

const AuthContext = createContext<AuthState>({
  user: null,
  needSignIn: false,
  signIn: async () => {},
  signOut: async () => {},
});

export function AuthProvider({ children }: { children: ReactNode }) {
  const [user, setUser] = useState<SessionUser | null>(null);
  const [needSignIn, setNeedSignIn] = useState(false);
  const queryClient = useQueryClient();

  useEffect(() => onUnauthorized(() => setNeedSignIn(true)), []);
  useEffect(() => {
    api<{ user: SessionUser; csrfToken?: string }>('/auth/me', { quiet401: true })
      .then((r) => {
        setUser(r.user);
        if (r.csrfToken) setCsrfToken(r.csrfToken);
      })
      .catch((e: unknown) => {
        if (!(e instanceof ApiError)) return;
      });
  }, []);

  const signIn = useCallback(
    async (username: string, password: string) => {
      const r = await api<{ user: SessionUser; csrfToken: string }>('/auth/login', {
        method: 'POST',
        body: { username, password },
        quiet401: true,
      });
      setCsrfToken(r.csrfToken);
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
      setNeedSignIn(true);
    }
  }, [queryClient]);

  return <AuthContext.Provider value={{ user, needSignIn, signIn, signOut }}>{children}</AuthContext.Provider>;
}

export function useAuth(): AuthState {
  return useContext(AuthContext);
}
