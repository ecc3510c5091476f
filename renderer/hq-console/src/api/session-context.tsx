import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { ConsoleApiError, ConsoleClient } from './console-client.js';
import type { ConsoleStaff, SessionAnswer } from './types.js';

export interface ConsoleSession {
  client: ConsoleClient;
  /** undefined while HQ is asked whether the cookie is still a session; null when signed out. */
  staff: ConsoleStaff | null | undefined;
  signIn(username: string, password: string): Promise<void>;
  setUp(token: string, password: string, displayName: string): Promise<void>;
  signOut(): Promise<void>;
  /** A page met SIGNED_OUT (the session expired): back to the sign-in page. */
  lost(): void;
}

const SessionContext = createContext<ConsoleSession | null>(null);

export function SessionProvider({ children, client }: { children: ReactNode; client: ConsoleClient }) {
  const [staff, setStaff] = useState<ConsoleStaff | null | undefined>(undefined);
  const accept = useCallback(
    (answer: SessionAnswer) => {
      client.setCsrfToken(answer.csrfToken);
      setStaff(answer.staff);
    },
    [client],
  );
  const lost = useCallback(() => {
    client.setCsrfToken(null);
    setStaff(null);
  }, [client]);

  useEffect(() => {
    client.get<SessionAnswer>('/session').then(accept, (error: unknown) => {
      // Signed out is the ordinary answer; anything else still leaves the sign-in page as the way forward.
      if (!(error instanceof ConsoleApiError)) console.error(error);
      lost();
    });
  }, [client, accept, lost]);

  const value = useMemo<ConsoleSession>(
    () => ({
      client,
      staff,
      signIn: async (username, password) => accept(await client.post<SessionAnswer>('/session', { username, password })),
      setUp: async (token, password, displayName) => accept(await client.post<SessionAnswer>('/setup', { token, password, displayName })),
      signOut: async () => {
        try {
          await client.delete('/session');
        } finally {
          lost();
        }
      },
      lost,
    }),
    [client, staff, accept, lost],
  );
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): ConsoleSession {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession outside <SessionProvider>');
  return session;
}

/** The signed-in staff member; only for pages shown after sign-in. */
export function useStaff(): ConsoleStaff {
  const { staff } = useSession();
  if (!staff) throw new Error('useStaff before sign-in');
  return staff;
}
