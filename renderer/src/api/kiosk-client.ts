import { BRIDGE_KEY, type KioskClient } from '../../../electron/contract/client.js';
import { createHttpClient } from './http-client.js';

let client: KioskClient | null = null;

/**
 * The only door from the UI to the services. In the Electron app the preload exposes the bridge
 * on window; in browser-hosted mode we talk HTTP/WebSocket to the local host. Screens never know which.
 */
export function getKioskClient(): KioskClient {
  if (client) return client;
  const bridge = (window as unknown as Record<string, unknown>)[BRIDGE_KEY] as KioskClient | undefined;
  client = bridge ?? createHttpClient();
  return client;
}

/** Which transport the UI runs on (shown on the status page). */
export function transportName(): 'electron' | 'browser-host' {
  return (window as unknown as Record<string, unknown>)[BRIDGE_KEY] ? 'electron' : 'browser-host';
}

export type { KioskClient };

/** Same as getKioskClient; the name the screens use. */
export const createKioskClient = getKioskClient;
