import type { ArgsOf, EventName, EventPayload, MethodName, ResultOf } from './index.js';
import type { Envelope } from './result.js';

/**
 * What the UI holds, whatever the transport: the Electron preload bridge (`window.kiosk`),
 * the browser-hosted HTTP/WebSocket client, or an in-process client in tests.
 */
export interface KioskClient {
  invoke<M extends MethodName>(method: M, args: ArgsOf<M>): Promise<Envelope<ResultOf<M>>>;
  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void;
}

/** The name under which the Electron preload exposes the bridge on `window`. */
export const BRIDGE_KEY = 'kiosk';

/** The IPC channels of the Electron transport (the only two). */
export const IPC_INVOKE_CHANNEL = 'kiosk:invoke';
export const IPC_EVENT_CHANNEL = 'kiosk:event';
