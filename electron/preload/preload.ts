/**
 * The preload of every kiosk window (sandboxed; bundled into build/preload/preload.cjs by
 * scripts/bundle-preload.mjs because a sandboxed preload cannot require local files).
 *
 * It exposes exactly one object, `window.kiosk`, implementing KioskClient: `invoke` only for the
 * contract's method names and `on` only for its event names. No generic send, no ipcRenderer,
 * no Node: the renderer cannot reach anything the contract does not name.
 */
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { eventNames, methodNames } from '../contract/index.js';
import { BRIDGE_KEY, IPC_EVENT_CHANNEL, IPC_INVOKE_CHANNEL, type KioskClient } from '../contract/client.js';
import type { Envelope } from '../contract/result.js';

const allowedMethods: ReadonlySet<string> = new Set(methodNames);
const allowedEvents: ReadonlySet<string> = new Set(eventNames);

type Listener = (payload: unknown) => void;
const listeners = new Map<string, Set<Listener>>();

// One IPC listener for all events, so many subscriptions never pile up on the channel.
ipcRenderer.on(IPC_EVENT_CHANNEL, (_event: IpcRendererEvent, name: unknown, payload: unknown) => {
  if (typeof name !== 'string') return;
  const set = listeners.get(name);
  if (!set) return;
  for (const listener of [...set]) {
    try {
      listener(payload);
    } catch (error) {
      // A faulty UI listener must not stop the others; surface it in the renderer's console.
      console.error(`kiosk: listener for ${name} failed`, error);
    }
  }
});

function refused(code: string, message: string, retryable = false): Envelope<never> {
  return { ok: false, error: { code, message, retryable } };
}

const bridge = {
  invoke(method, args) {
    if (typeof method !== 'string' || !allowedMethods.has(method)) {
      return Promise.resolve(refused('UNKNOWN_METHOD', `Unknown method: ${String(method).slice(0, 80)}`));
    }
    return (ipcRenderer.invoke(IPC_INVOKE_CHANNEL, method, args ?? {}) as Promise<Envelope<never>>).catch((error: unknown) =>
      // Only happens while the main process is (re)starting its services: the UI shows a degraded state.
      refused('UNAVAILABLE', `The kiosk services are not reachable: ${error instanceof Error ? error.message : String(error)}`, true),
    );
  },
  on(event, listener) {
    if (typeof event !== 'string' || !allowedEvents.has(event)) throw new TypeError(`Unknown event: ${String(event).slice(0, 80)}`);
    if (typeof listener !== 'function') throw new TypeError('listener must be a function');
    let set = listeners.get(event);
    if (!set) {
      set = new Set();
      listeners.set(event, set);
    }
    const entry = listener as Listener;
    set.add(entry);
    return () => {
      listeners.get(event)?.delete(entry);
    };
  },
} satisfies KioskClient;

contextBridge.exposeInMainWorld(BRIDGE_KEY, bridge);
