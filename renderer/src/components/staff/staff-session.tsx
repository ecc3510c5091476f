import { createContext, useCallback, useContext, useEffect, useState, type ReactNode } from 'react';
import type { ResultOf } from '../../../../electron/contract/index.js';
import { useInvoke } from '../../hooks/use-call.js';

export type StaffSession = NonNullable<ResultOf<'staff.whoAmI'>>;

interface StaffSessionValue {
  /** undefined while the first whoAmI is in flight. */
  session: StaffSession | null | undefined;
  setSession(session: StaffSession | null): void;
  signOut(): Promise<void>;
}

const StaffSessionContext = createContext<StaffSessionValue | null>(null);

/** The staff member signed in on this terminal (the services keep the session per client). */
export function StaffSessionProvider({ children }: { children: ReactNode }) {
  const invoke = useInvoke();
  const [session, setSession] = useState<StaffSession | null | undefined>(undefined);
  useEffect(() => {
    void invoke('staff.whoAmI', {}).then((envelope) => setSession(envelope.ok ? envelope.value : null));
  }, [invoke]);
  const signOut = useCallback(async () => {
    await invoke('staff.signOut', {});
    setSession(null);
  }, [invoke]);
  return <StaffSessionContext.Provider value={{ session, setSession, signOut }}>{children}</StaffSessionContext.Provider>;
}

export function useStaffSession(): StaffSessionValue {
  const value = useContext(StaffSessionContext);
  if (!value) throw new Error('useStaffSession outside <StaffSessionProvider>');
  return value;
}
