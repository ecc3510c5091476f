import { ipcMain, type IpcMainInvokeEvent, type WebContents } from 'electron';
import { IPC_EVENT_CHANNEL, IPC_INVOKE_CHANNEL } from '../contract/client.js';
import type { Envelope } from '../contract/result.js';
import type { Dispatcher } from '../core/dispatcher.js';
import type { EventBus } from '../core/event-bus.js';
import type { Logger } from '../core/logger.js';
import { isAppUrl } from './app-origin.js';

export interface IpcTransport {
  /** Starts forwarding events to this window's renderer and ends its staff session when it goes away. */
  addWindow(contents: WebContents): void;
  close(): void;
}

export interface IpcTransportOptions {
  dispatcher: Dispatcher;
  events: EventBus;
  log: Logger;
  /** Which sender URLs are ours; the app:// origin by default (tests may widen it). */
  isTrustedUrl?: (url: string) => boolean;
}

export function clientIdOf(contents: Pick<WebContents, 'id'>): string {
  return `wc-${contents.id}`;
}

/**
 * The Electron transport of the contract: one `ipcMain.handle` channel into the dispatcher,
 * one event channel out. Calls from any frame that is not our top-level app:// page are refused,
 * so a stray iframe or a navigated page can never reach the services.
 */
export function attachIpcTransport(options: IpcTransportOptions): IpcTransport {
  const isTrusted = options.isTrustedUrl ?? isAppUrl;
  const windows = new Set<WebContents>();
  const log = options.log;

  ipcMain.handle(IPC_INVOKE_CHANNEL, async (event: IpcMainInvokeEvent, method: unknown, args: unknown): Promise<Envelope<unknown>> => {
    const frame = event.senderFrame;
    // senderFrame is null when the frame navigated or was destroyed while the message was in flight.
    if (!frame || frame.parent !== null || !isTrusted(frame.url)) {
      log.warn('ipc.refused_sender', { url: frame ? frame.url.slice(0, 120) : null, method: String(method).slice(0, 80) });
      return { ok: false, error: { code: 'FORBIDDEN', message: 'This page may not call the kiosk services', retryable: false } };
    }
    return options.dispatcher.invoke(method, args, { clientId: clientIdOf(event.sender), transport: 'electron' });
  });

  const unsubscribe = options.events.subscribe((name, payload) => {
    for (const contents of windows) {
      if (contents.isDestroyed()) {
        windows.delete(contents);
        continue;
      }
      // Only our own page gets events; a window that somehow left the app origin gets nothing.
      if (!isTrusted(contents.getURL())) continue;
      contents.send(IPC_EVENT_CHANNEL, name, payload);
    }
  });

  return {
    addWindow(contents) {
      if (windows.has(contents)) return;
      windows.add(contents);
      const id = clientIdOf(contents);
      contents.once('destroyed', () => {
        windows.delete(contents);
        options.dispatcher.forgetClient(id);
      });
      // A reload (e.g. after a renderer crash) starts a fresh UI: drop its staff session and
      // replay the latest state of each event so the new page does not wait for the next change.
      contents.on('did-finish-load', () => {
        options.dispatcher.forgetClient(id);
        if (contents.isDestroyed() || !isTrusted(contents.getURL())) return;
        for (const [name, payload] of options.events.snapshot()) contents.send(IPC_EVENT_CHANNEL, name, payload);
      });
    },
    close() {
      unsubscribe();
      ipcMain.removeHandler(IPC_INVOKE_CHANNEL);
      windows.clear();
    },
  };
}
