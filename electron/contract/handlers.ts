import type { MethodName, ParsedArgsOf, ResultOf } from './index.js';

export type StaffRole = 'cashier' | 'manager';

export interface StaffSession {
  staffId: string;
  role: StaffRole;
  displayName: string;
}

/** What a handler knows about who is calling. Transports fill it in; handlers never see raw IPC or HTTP. */
export interface CallContext {
  /** Stable for one renderer (Electron webContents or browser tab session). */
  readonly clientId: string;
  readonly transport: 'electron' | 'browser-host' | 'in-process';
  /** The staff member signed in on this client, if any. */
  readonly session: StaffSession | null;
  startSession(session: StaffSession): void;
  endSession(): void;
}

/**
 * Every call in the contract must have exactly one handler: a missing or extra key
 * is a compile error where the services object is declared `satisfies Handlers`.
 */
export type Handlers = {
  [M in MethodName]: (args: ParsedArgsOf<M>, ctx: CallContext) => Promise<ResultOf<M>> | ResultOf<M>;
};
