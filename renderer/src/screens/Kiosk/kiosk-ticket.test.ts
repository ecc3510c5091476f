import { describe, expect, it } from 'vitest';
import type { ResultOf } from '../../../../electron/contract/index.js';
import { ticketAfterJobUpdate, ticketFromPrintResult, ticketOffer } from './kiosk-ticket.js';

type PrintResult = ResultOf<'receipts.printCheckinTicket'>;
const job = (state: PrintResult['job']['state'], errorCode: string | null = null): PrintResult['job'] => ({
  id: 'job-1',
  kind: 'check-in-ticket',
  title: 'ticket',
  state,
  attempts: 0,
  createdAt: '2026-11-22T08:00:00.000Z',
  printedAt: null,
  errorCode,
  errorMessage: null,
  mayHavePrinted: false,
  reprintOf: null,
});
const refused = (code: string) => ({ ok: false as const, error: { code, message: code, retryable: false } });

describe('kiosk ticket', () => {
  it('is offered only when a configured printer can print now', () => {
    expect(ticketOffer(null)).toEqual({ kind: 'unknown' });
    expect(ticketOffer({ state: 'not-configured', isReady: false })).toEqual({ kind: 'none' });
    expect(ticketOffer({ state: 'ready', isReady: true })).toEqual({ kind: 'available' });
    expect(ticketOffer({ state: 'paper-near-end', isReady: false })).toEqual({ kind: 'available' });
    expect(ticketOffer({ state: 'paper-out', isReady: false })).toEqual({ kind: 'blocked', state: 'paper-out' });
    expect(ticketOffer({ state: 'unreachable', isReady: false })).toEqual({ kind: 'blocked', state: 'unreachable' });
  });

  it('turns the print call into the queue number and the job state', () => {
    expect(ticketFromPrintResult({ ok: true, value: { job: job('queued'), queueNumber: 'A012' } })).toEqual({ status: 'queued', jobId: 'job-1', queueNumber: 'A012', isPrinting: false });
    expect(ticketFromPrintResult({ ok: true, value: { job: job('printed'), queueNumber: 'A012' } })).toEqual({ status: 'printed', jobId: 'job-1', queueNumber: 'A012' });
    expect(ticketFromPrintResult({ ok: true, value: { job: job('failed', 'PRINTER_OFFLINE'), queueNumber: 'A012' } })).toEqual({ status: 'failed', queueNumber: 'A012', code: 'PRINTER_OFFLINE' });
  });

  it('says plainly when there is no printer or the check-in is not today’s', () => {
    expect(ticketFromPrintResult(refused('PRINTER_NOT_CONFIGURED'))).toEqual({ status: 'no-printer' });
    expect(ticketFromPrintResult(refused('CHECKIN_NOT_TODAY'))).toEqual({ status: 'not-today' });
    expect(ticketFromPrintResult(refused('UNAVAILABLE'))).toEqual({ status: 'failed', queueNumber: null, code: 'UNAVAILABLE' });
  });

  it('a failed job without a code still fails with one', () => {
    const queued = { status: 'queued' as const, jobId: 'job-1', queueNumber: 'A1', isPrinting: true };
    expect(ticketAfterJobUpdate(queued, { id: 'job-1', state: 'failed', errorCode: null })).toEqual({ status: 'failed', queueNumber: 'A1', code: 'PRINT_FAILED' });
    expect(ticketAfterJobUpdate(queued, { id: 'job-1', state: 'queued', errorCode: 'PRINTER_PAPER_OUT' })).toEqual({ ...queued, isPrinting: false });
  });
});
