import type { KioskClient } from '../../../electron/contract/client.js';
import type { ArgsOf, EventName, EventPayload, MethodName, ResultOf } from '../../../electron/contract/index.js';
import type { Envelope } from '../../../electron/contract/result.js';
import { BINARY_ARGS_CONTENT_TYPE, encodeBinaryArgs, hasBytes } from '../../../electron/contract/binary-args.js';

const TOKEN_KEY = 'kiosk.token';
const CLIENT_KEY = 'kiosk.client';

/**
 * The browser-hosted transport: calls are POSTs to /api/call/<method>, events arrive over one
 * WebSocket that reconnects by itself. The token comes once in the launch URL and moves to
 * sessionStorage, so it does not linger in the address bar or in history.
 */
export function createHttpClient(location: Location = window.location, storage: Storage = window.sessionStorage): KioskClient {
  const token = takeToken(location, storage);
  const clientId = storage.getItem(CLIENT_KEY) ?? newClientId();
  storage.setItem(CLIENT_KEY, clientId);
  const listeners = new Map<string, Set<(payload: unknown) => void>>();
  const base = `${location.protocol}//${location.host}`;

  async function invoke<M extends MethodName>(method: M, args: ArgsOf<M>): Promise<Envelope<ResultOf<M>>> {
    try {
      // A camera frame's pixels go as bytes, not as JSON (contract/binary-args.ts), wrapped in a Blob:
      // Chromium took ~300 ms to send a 1.2 MB typed-array body (a 640×480 RGBA frame) under
      // Playwright, and the same bytes as a Blob ~30 ms (tests/e2e greet timing; face README).
      const isBinary = hasBytes(args);
      const response = await fetch(`${base}/api/call/${method}`, {
        method: 'POST',
        headers: { 'content-type': isBinary ? BINARY_ARGS_CONTENT_TYPE : 'application/json', 'x-kiosk-token': token, 'x-kiosk-client': clientId },
        body: isBinary ? new Blob([encodeBinaryArgs(args)]) : JSON.stringify(args ?? {}),
      });
      const body = (await response.json()) as Envelope<ResultOf<M>>;
      return body;
    } catch (error) {
      return { ok: false, error: { code: 'UNAVAILABLE', message: `The kiosk service cannot be reached: ${(error as Error).message}`, retryable: true } };
    }
  }

  let socket: WebSocket | null = null;
  let retryMs = 250;
  function connect() {
    const wsUrl = `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/api/events?token=${encodeURIComponent(token)}`;
    socket = new WebSocket(wsUrl);
    socket.onopen = () => {
      retryMs = 250;
    };
    socket.onmessage = (message) => {
      try {
        const { event, payload } = JSON.parse(String(message.data)) as { event: string; payload: unknown };
        for (const listener of listeners.get(event) ?? []) listener(payload);
      } catch {
        // A malformed frame is ignored; the next state update repairs the view.
      }
    };
    socket.onclose = () => {
      socket = null;
      setTimeout(connect, retryMs);
      retryMs = Math.min(retryMs * 2, 5000);
    };
  }
  connect();

  return {
    invoke,
    on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void) {
      const set = listeners.get(event) ?? new Set();
      set.add(listener as (payload: unknown) => void);
      listeners.set(event, set);
      return () => set.delete(listener as (payload: unknown) => void);
    },
  };
}

function takeToken(location: Location, storage: Storage): string {
  const params = new URLSearchParams(location.search);
  const fromUrl = params.get('token');
  if (fromUrl) {
    storage.setItem(TOKEN_KEY, fromUrl);
    params.delete('token');
    const rest = params.toString();
    history.replaceState(null, '', `${location.pathname}${rest ? `?${rest}` : ''}${location.hash}`);
    return fromUrl;
  }
  return storage.getItem(TOKEN_KEY) ?? '';
}

function newClientId(): string {
  const bytes = new Uint8Array(12);
  crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}
