import { describe, expect, it } from 'vitest';
import { newestJob, type PrintJob } from './use-print-job.js';

const job = (id: string, state: PrintJob['state']): PrintJob => ({
  id,
  kind: 'purchase-receipt',
  title: 'receipt',
  state,
  attempts: 0,
  createdAt: '2026-11-22T08:00:00.000Z',
  printedAt: null,
  errorCode: null,
  errorMessage: null,
  mayHavePrinted: false,
  reprintOf: null,
});

describe('following a print job', () => {
  it('an event about the same job (it printed before the call answered) wins over the call’s snapshot', () => {
    expect(newestJob(job('j1', 'queued'), job('j1', 'printed')).state).toBe('printed');
  });
  it('an event about another job changes nothing', () => {
    expect(newestJob(job('j1', 'queued'), job('j2', 'printed'))).toEqual(job('j1', 'queued'));
    expect(newestJob(job('j1', 'queued'), undefined).state).toBe('queued');
  });
});
