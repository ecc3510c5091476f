import { calls, isMethodName, type MethodName } from '../contract/index.js';
import { AppError, type Envelope, type ErrorInfo } from '../contract/result.js';
import type { CallContext, Handlers, StaffSession } from '../contract/handlers.js';
import type { Logger } from './logger.js';

export interface DispatchOrigin {
  clientId: string;
  transport: CallContext['transport'];
}

export interface DispatcherOptions {
  /** Validate results against the contract too (tests turn this on to catch handler drift). */
  validateResults?: boolean;
  /** Idle time after which a staff session ends by itself. */
  sessionIdleMs?: number;
  now?: () => number;
}

export interface Dispatcher {
  invoke(method: unknown, rawArgs: unknown, origin: DispatchOrigin): Promise<Envelope<unknown>>;
  forgetClient(clientId: string): void;
}

interface SessionEntry {
  session: StaffSession;
  lastUsed: number;
}

/**
 * The boundary every transport goes through: checks the method exists, validates the argument
 * with the contract's schema, enforces access, runs the handler and turns any throw into an Envelope.
 */
export function createDispatcher(handlers: Handlers, log: Logger, options: DispatcherOptions = {}): Dispatcher {
  const sessions = new Map<string, SessionEntry>();
  const idleMs = options.sessionIdleMs ?? 10 * 60_000;
  const now = options.now ?? Date.now;

  function currentSession(clientId: string): StaffSession | null {
    const entry = sessions.get(clientId);
    if (!entry) return null;
    if (now() - entry.lastUsed > idleMs) {
      sessions.delete(clientId);
      return null;
    }
    entry.lastUsed = now();
    return entry.session;
  }

  async function invoke(method: unknown, rawArgs: unknown, origin: DispatchOrigin): Promise<Envelope<unknown>> {
    if (!isMethodName(method)) {
      return failure({ code: 'UNKNOWN_METHOD', message: `Unknown method: ${String(method).slice(0, 80)}`, retryable: false });
    }
    const spec = calls[method];
    const parsed = spec.args.safeParse(rawArgs ?? {});
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const where = issue && issue.path.length > 0 ? issue.path.join('.') : 'argument';
      return failure({
        code: 'INVALID_ARGUMENT',
        message: `${method}: ${where}: ${issue?.message ?? 'invalid'}`,
        retryable: false,
        details: { path: issue?.path.map(String) ?? [] },
      });
    }
    const session = currentSession(origin.clientId);
    const access = spec.access ?? 'public';
    if (access !== 'public') {
      if (!session) return failure({ code: 'UNAUTHORIZED', message: `${method} needs a staff sign-in`, retryable: false });
      if (access === 'manager' && session.role !== 'manager') {
        return failure({ code: 'FORBIDDEN', message: `${method} needs a manager`, retryable: false });
      }
    }
    const ctx: CallContext = {
      clientId: origin.clientId,
      transport: origin.transport,
      session,
      startSession(s) {
        sessions.set(origin.clientId, { session: s, lastUsed: now() });
      },
      endSession() {
        sessions.delete(origin.clientId);
      },
    };
    try {
      const handler = handlers[method] as (args: unknown, ctx: CallContext) => unknown;
      const value = await handler(parsed.data, ctx);
      if (options.validateResults) {
        const checked = spec.result.safeParse(value);
        if (!checked.success) {
          log.error('contract.result_mismatch', { method, issue: checked.error.issues[0]?.message ?? '' });
          return failure({ code: 'INTERNAL', message: `${method} returned a result outside the contract`, retryable: false });
        }
      }
      return { ok: true, value };
    } catch (error) {
      if (error instanceof AppError) return failure(error.toInfo());
      log.error('contract.handler_failed', { method, error: error instanceof Error ? error.message : String(error) });
      return failure({ code: 'INTERNAL', message: `${method} failed unexpectedly`, retryable: true });
    }
  }

  return {
    invoke,
    forgetClient(clientId) {
      sessions.delete(clientId);
    },
  };
}

function failure(error: ErrorInfo): Envelope<never> {
  return { ok: false, error };
}

export type { MethodName };
