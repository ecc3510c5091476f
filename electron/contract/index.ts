/**
 * The one typed API between the UI and the services, shared by every transport
 * (Electron IPC, HTTP/WebSocket in browser-hosted mode, in-process in tests).
 *
 * Each domain declares its calls and events in its own file here; this file merges them.
 * Adding a call here without a handler (or a handler without a call) fails the type check:
 * see `Handlers` in ./handlers.ts.
 */
import type { z } from 'zod';
import type { CallMap, EventMap } from './define.js';
import { systemCalls, systemEvents } from './system.js';
import { membersCalls, membersEvents } from './members.js';
import { checkinCalls } from './checkin.js';
import { purchasesCalls } from './purchases.js';
import { loyaltyCalls } from './loyalty.js';
import { loyaltyEditorCalls } from './loyalty-editor.js';
import { staffCalls } from './staff.js';
import { managerCalls } from './manager.js';
import { opsCalls, opsEvents } from './ops.js';
import { printingCalls, printingEvents } from './printing.js';
import { devicesCalls, devicesEvents } from './devices.js';
import { syncCalls, syncEvents } from './sync.js';
import { faceCalls, faceEvents } from './face.js';
import { receiptsCalls } from './receipts.js';
import { catalogueCalls, catalogueEvents } from './catalogue.js';
import { counterCalls, counterEvents } from './counter.js';

export const calls = {
  ...systemCalls,
  ...membersCalls,
  ...checkinCalls,
  ...purchasesCalls,
  ...loyaltyCalls,
  ...loyaltyEditorCalls,
  ...staffCalls,
  ...managerCalls,
  ...opsCalls,
  ...printingCalls,
  ...devicesCalls,
  ...syncCalls,
  ...faceCalls,
  ...receiptsCalls,
  ...catalogueCalls,
  ...counterCalls,
} satisfies CallMap;

export const events = {
  ...systemEvents,
  ...membersEvents,
  ...opsEvents,
  ...printingEvents,
  ...devicesEvents,
  ...syncEvents,
  ...faceEvents,
  ...counterEvents,
  ...catalogueEvents,
} satisfies EventMap;

export type Calls = typeof calls;
export type Events = typeof events;
export type MethodName = keyof Calls & string;
export type EventName = keyof Events & string;
/** What a caller passes (before defaults are applied by the schema). */
export type ArgsOf<M extends MethodName> = z.input<Calls[M]['args']>;
/** What a handler receives (after validation and defaults). */
export type ParsedArgsOf<M extends MethodName> = z.output<Calls[M]['args']>;
export type ResultOf<M extends MethodName> = z.output<Calls[M]['result']>;
export type EventPayload<E extends EventName> = z.output<Events[E]>;

export const methodNames = Object.keys(calls) as MethodName[];
export const eventNames = Object.keys(events) as EventName[];

export function isMethodName(name: unknown): name is MethodName {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(calls, name);
}
export function isEventName(name: unknown): name is EventName {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(events, name);
}

export * from './result.js';
