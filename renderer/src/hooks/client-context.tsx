import { createContext, useContext, type ReactNode } from 'react';
import type { KioskClient } from '../../../electron/contract/client.js';

const ClientContext = createContext<KioskClient | null>(null);

/** Gives every screen the one transport-independent client; tests pass a fake one. */
export function ClientProvider({ client, children }: { client: KioskClient; children: ReactNode }) {
  return <ClientContext.Provider value={client}>{children}</ClientContext.Provider>;
}

export function useClient(): KioskClient {
  const client = useContext(ClientContext);
  if (!client) throw new Error('useClient outside <ClientProvider>');
  return client;
}
