import { describe, expect, it } from 'vitest';
import type { KioskClient } from '../../../../electron/contract/client.js';
import { createKioskServices, type FaceSessionPort } from './kiosk-services.js';

/** A client that records calls and answers from a table (method → envelope). */
function fakeClient(answers: Record<string, unknown>) {
  const calls: Array<{ method: string; args: unknown }> = [];
  const client = {
    invoke: (method: string, args: unknown) => {
      calls.push({ method, args });
      return Promise.resolve(answers[method] ?? { ok: false, error: { code: 'NOT_IMPLEMENTED', message: method, retryable: false } });
    },
    on: () => () => undefined,
  } as unknown as KioskClient;
  return { client, calls };
}

function faceWith(sessionId: string | null): FaceSessionPort {
  return { analyzeFrame: () => Promise.resolve({ ok: true, value: null }), sessionId: () => sessionId, reset: () => undefined };
}

describe('kiosk services', () => {
  it('"Not me" rejects the match of the confirmed face session, for the member shown', async () => {
    const { client, calls } = fakeClient({ 'face.rejectMatch': { ok: true, value: { recorded: true, rejectionsForMember: 1 } } });
    const envelope = await createKioskServices(client, 'zh-CN', faceWith('kiosk-s1')).rejectMatch('m-alice');
    expect(envelope.ok).toBe(true);
    expect(calls).toEqual([{ method: 'face.rejectMatch', args: { sessionId: 'kiosk-s1', memberId: 'm-alice' } }]);
  });

  it('"Not me" without a confirmed session asks nothing of the engine', async () => {
    const { client, calls } = fakeClient({});
    const envelope = await createKioskServices(client, 'zh-CN', faceWith(null)).rejectMatch('m-alice');
    expect(envelope).toMatchObject({ ok: false, error: { code: 'FACE_SESSION_INVALID' } });
    expect(calls).toEqual([]);
  });

  it('prints the ticket of the check-in, and reports a missing printer as such', async () => {
    const job = { id: 'job-9', kind: 'check-in-ticket', title: 't', state: 'queued', attempts: 0, createdAt: '2026-11-22T08:00:00.000Z', printedAt: null, errorCode: null, errorMessage: null, mayHavePrinted: false, reprintOf: null };
    const printing = fakeClient({ 'receipts.printCheckinTicket': { ok: true, value: { job, queueNumber: 'A003' } } });
    expect(await createKioskServices(printing.client, 'en', faceWith(null)).printTicket('c-42')).toEqual({ status: 'queued', jobId: 'job-9', queueNumber: 'A003', isPrinting: false });
    expect(printing.calls).toEqual([{ method: 'receipts.printCheckinTicket', args: { checkinId: 'c-42' } }]);

    const none = fakeClient({ 'receipts.printCheckinTicket': { ok: false, error: { code: 'PRINTER_NOT_CONFIGURED', message: 'no printer', retryable: false } } });
    expect(await createKioskServices(none.client, 'en', faceWith(null)).printTicket('c-42')).toEqual({ status: 'no-printer' });
    // A transport failure is a failed ticket, not an exception on the kiosk.
    const broken = { client: { invoke: () => Promise.reject(new Error('socket closed')), on: () => () => undefined } as unknown as KioskClient };
    expect(await createKioskServices(broken.client, 'en', faceWith(null)).printTicket('c-42')).toEqual({ status: 'failed', queueNumber: null, code: 'UNAVAILABLE' });
  });
});
