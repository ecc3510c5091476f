import { describe, expect, it } from 'vitest';
import { AppError } from '../contract/result.js';
import type { Handlers } from '../contract/handlers.js';
import { createMemoryLogger } from './logger.js';
import { createDispatcher } from './dispatcher.js';

// The real contract's system calls, with handlers we control.
function handlers(overrides: Partial<Handlers> = {}): Handlers {
  const base = {
    'system.getInfo': () => {
      throw new Error('secret internal detail: /var/lib/kiosk/store.sqlite');
    },
    'system.ping': (args: { echo?: string | undefined }) => {
      if (args.echo === 'conflict') throw new AppError('CONFLICT', 'already done', { retryable: false });
      return { echo: args.echo ?? null, at: '2026-01-01T00:00:00.000Z' };
    },
    'system.getWorkerStatus': () => ({ state: 'ready', restarts: 0, lastError: null }),
  };
  return { ...base, ...overrides } as unknown as Handlers;
}

const origin = { clientId: 'c1', transport: 'in-process' as const };

describe('dispatcher', () => {
  it('passes validated arguments to the handler and wraps the value', async () => {
    const d = createDispatcher(handlers(), createMemoryLogger());
    expect(await d.invoke('system.ping', { echo: 'hi' }, origin)).toEqual({ ok: true, value: { echo: 'hi', at: '2026-01-01T00:00:00.000Z' } });
    expect(await d.invoke('system.ping', undefined, origin)).toMatchObject({ ok: true, value: { echo: null } });
  });

  it('turns a typed error into its code and hides unexpected errors behind INTERNAL', async () => {
    const log = createMemoryLogger();
    const d = createDispatcher(handlers(), log);
    expect(await d.invoke('system.ping', { echo: 'conflict' }, origin)).toEqual({ ok: false, error: { code: 'CONFLICT', message: 'already done', retryable: false } });
    const internal = await d.invoke('system.getInfo', {}, origin);
    expect(internal).toMatchObject({ ok: false, error: { code: 'INTERNAL' } });
    expect(JSON.stringify(internal)).not.toContain('/var/lib');
    expect(log.lines.some((l) => l.includes('contract.handler_failed'))).toBe(true);
  });

  it('refuses names that are not contract methods, including prototype keys', async () => {
    const d = createDispatcher(handlers(), createMemoryLogger());
    for (const name of ['__proto__', 'constructor', 'toString', 'system', 42, null]) {
      expect(await d.invoke(name, {}, origin)).toMatchObject({ ok: false, error: { code: 'UNKNOWN_METHOD' } });
    }
  });

  it('catches results that drift from the contract when asked to validate', async () => {
    const d = createDispatcher(handlers({ 'system.getWorkerStatus': () => ({ state: 'sleeping' }) as never }), createMemoryLogger(), { validateResults: true });
    expect(await d.invoke('system.getWorkerStatus', {}, origin)).toMatchObject({ ok: false, error: { code: 'INTERNAL' } });
  });

  it('keeps a staff session per client and ends it after the idle time', async () => {
    let now = 0;
    const seen: Array<string | null> = [];
    const d = createDispatcher(
      handlers({
        'system.ping': (args, ctx) => {
          if (args.echo === 'login') ctx.startSession({ staffId: 's1', role: 'manager', displayName: '王店长' });
          if (args.echo === 'logout') ctx.endSession();
          seen.push(ctx.session?.staffId ?? null);
          return { echo: null, at: '' };
        },
      }),
      createMemoryLogger(),
      { sessionIdleMs: 1000, now: () => now },
    );
    await d.invoke('system.ping', { echo: 'login' }, origin);
    await d.invoke('system.ping', {}, origin);
    await d.invoke('system.ping', {}, { ...origin, clientId: 'other-tab' });
    now = 900;
    await d.invoke('system.ping', {}, origin);
    now = 2000;
    await d.invoke('system.ping', {}, origin);
    expect(seen).toEqual([null, 's1', null, 's1', null]);
  });
});
