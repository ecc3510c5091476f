import { describe, expect, it } from 'vitest';
import { reportNetworkOnline } from './use-network-hints.js';

describe('reportNetworkOnline', () => {
  it("passes the window's online event on (not offline), and stops when asked", () => {
    const target = new EventTarget();
    let reports = 0;
    const stop = reportNetworkOnline(target, () => reports++);
    target.dispatchEvent(new Event('offline'));
    expect(reports).toBe(0);
    target.dispatchEvent(new Event('online'));
    expect(reports).toBe(1);
    stop();
    target.dispatchEvent(new Event('online'));
    expect(reports).toBe(1);
  });
});
