import { describe, expect, it } from 'vitest';
import { HqCallError } from './hq-client.js';
import { refusesAnEvent } from './hq-refusals.js';

const http = (status: number, code: string | null) => new HqCallError('http', `${status} ${code}`, status, code);

describe('which HQ refusals the uploader isolates and parks (issue 12)', () => {
  it('parks events HQ refuses for their content: 400, 422, and the event-scoped 403/409 codes', () => {
    for (const e of [http(400, 'MALFORMED'), http(422, 'POINTS_LIMIT'), http(422, 'BIOMETRIC_SUSPECTED'), http(403, 'NOT_HOME_STORE'), http(409, 'EVENT_ID_REUSED'), http(409, 'EVENT_ID_TAKEN')]) {
      expect(refusesAnEvent(e), e.message).toBe(true);
    }
  });
  it('retries refusals about the device or the moment, never parking the events for them', () => {
    for (const e of [http(401, 'BAD_SIGNATURE'), http(403, 'ORIGIN_MISMATCH'), http(403, 'FORBIDDEN'), http(409, 'REPLAYED'), http(429, 'RATE_LIMITED'), http(503, null)]) {
      expect(refusesAnEvent(e), e.message).toBe(false);
    }
  });
});
