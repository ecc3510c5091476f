import { describe, expect, it } from 'vitest';
import { CleanupStack } from './cleanup-stack.js';

describe('CleanupStack', () => {
  it('undoes the steps last first, awaiting each before the next', async () => {
    const order: string[] = [];
    const stack = new CleanupStack();
    stack.defer('database', () => void order.push('database'));
    stack.defer('worker', async () => {
      await Promise.resolve();
      order.push('worker');
    });
    stack.defer('timers', () => void order.push('timers'));
    expect(await stack.unwind()).toEqual([]);
    expect(order).toEqual(['timers', 'worker', 'database']);
  });

  it('keeps going past a failing step and reports every failure', async () => {
    const order: string[] = [];
    const stack = new CleanupStack();
    stack.defer('database', () => void order.push('database'));
    stack.defer('printer', () => {
      throw new Error('port gone');
    });
    stack.defer('sync', async () => {
      throw new Error('hq down');
    });
    const failures = await stack.unwind();
    expect(order).toEqual(['database']);
    expect(failures.map((f) => [f.step, (f.error as Error).message])).toEqual([
      ['sync', 'hq down'],
      ['printer', 'port gone'],
    ]);
  });

  it('runs each step once, however often and however concurrently it is unwound', async () => {
    let closes = 0;
    const stack = new CleanupStack();
    stack.defer('database', async () => {
      await Promise.resolve();
      closes++;
    });
    const [a, b] = await Promise.all([stack.unwind(), stack.unwind()]);
    await stack.unwind();
    expect(closes).toBe(1);
    expect(a).toBe(b);
  });

  it('refuses new steps once unwinding has begun', async () => {
    const stack = new CleanupStack();
    void stack.unwind();
    expect(() => stack.defer('late', () => undefined)).toThrow(/clean-up has already started/);
  });
});
