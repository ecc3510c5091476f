import WebSocket from 'ws';
import type { KioskClient } from '../../electron/contract/client.js';
import { BINARY_ARGS_CONTENT_TYPE, encodeBinaryArgs, hasBytes } from '../../electron/contract/binary-args.js';

/** The browser-hosted protocol spoken from Node (the renderer's http-client needs a window). */
export function nodeHttpClient(baseUrl: string, token: string, clientId = 'nodetestclient01'): KioskClient & { close(): void; ready: Promise<void> } {
  const listeners = new Map<string, Set<(p: unknown) => void>>();
  const ws = new WebSocket(`${baseUrl.replace(/^http/, 'ws')}api/events?token=${token}`);
  const ready = new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  ws.on('message', (data) => {
    const { event, payload } = JSON.parse(String(data)) as { event: string; payload: unknown };
    for (const l of listeners.get(event) ?? []) l(payload);
  });
  return {
    ready,
    async invoke(method, args) {
      const res = await fetch(`${baseUrl}api/call/${method}`, {
        method: 'POST',
        headers: { 'content-type': hasBytes(args) ? BINARY_ARGS_CONTENT_TYPE : 'application/json', 'x-kiosk-token': token, 'x-kiosk-client': clientId },
        body: hasBytes(args) ? encodeBinaryArgs(args) : JSON.stringify(args),
      });
      return (await res.json()) as never;
    },
    on(event, listener) {
      const set = listeners.get(event) ?? new Set();
      set.add(listener as (p: unknown) => void);
      listeners.set(event, set);
      return () => set.delete(listener as (p: unknown) => void);
    },
    close: () => ws.close(),
  };
}
