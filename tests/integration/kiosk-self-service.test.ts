/**
 * What a person at the kiosk may do without staff: join, give face consent and enrol their own face
 * while joining, and say "not me" to the match on screen — and nothing beyond that (no consent or
 * face for an existing member, no rejecting a member the session is not showing).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../electron/core/clock.js';
import { createMemoryLogger } from '../../electron/core/logger.js';
import { startServices, type RunningServices } from '../../electron/services/start-services.js';
import { inProcessClient } from '../contract/in-process-client.js';
import { until } from '../support/until.js';

const FIXTURES = path.resolve(import.meta.dirname, '../fixtures/faces');
const frame = (name: string) => `data:image/jpeg;base64,${fs.readFileSync(path.join(FIXTURES, name)).toString('base64')}`;

describe('kiosk self-service limits', () => {
  let services: RunningServices;
  let dataDir: string;
  const kiosk = () => inProcessClient(services, 'kiosk-self');

  beforeAll(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kiosk-self-'));
    // A fixed instant: the demo store is seeded for that day, and the frames of a face count as
    // one person's evidence however long a busy machine takes to analyse them (face.decision.windowMs).
    services = await startServices({ dataDir, transport: 'in-process', demo: true, log: createMemoryLogger('warn'), validateResults: true, clock: fixedClock('2026-11-22T02:00:00Z') });
    await until(async () => {
      const status = await kiosk().invoke('face.getStatus', {});
      return status.ok && status.value.modelsLoaded;
    }, 'face models loaded', 120_000, 200);
  });
  afterAll(async () => {
    await services.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  async function showFace(sessionId: string, photo: string) {
    let last: Awaited<ReturnType<ReturnType<typeof kiosk>['invoke']>> | null = null;
    for (let i = 0; i < 4; i++) last = await kiosk().invoke('face.analyzeFrame', { sessionId, jpegBase64: frame(photo) });
    return last;
  }

  it('a new member gives consent and enrols their own face, once, and is then recognised', async () => {
    const joined = await kiosk().invoke('members.create', { opId: 'join-1', name: '林晓', phone: '13700001234' });
    expect(joined.ok).toBe(true);
    if (!joined.ok) return;
    const memberId = joined.value.memberId;
    await showFace('join-session', 'lisa-debruine__pose1.jpg');
    // Without consent, no enrolment even while joining.
    expect(await kiosk().invoke('face.enrollFromSession', { sessionId: 'join-session', memberId })).toMatchObject({ ok: false });
    // No birthday was given: the person confirms being 14 or older (issue 14, guardian rule).
    expect(await kiosk().invoke('consent.grant', { opId: 'consent-1', memberId, kind: 'face', textVersion: 'face-2026.11-v1', adultAttested: true })).toMatchObject({ ok: true });
    expect(await kiosk().invoke('face.enrollFromSession', { sessionId: 'join-session', memberId })).toMatchObject({ ok: true, value: { memberId } });
    // A second self-enrolment (someone else stepping in front of the camera) needs staff.
    expect(await kiosk().invoke('face.enrollFromSession', { sessionId: 'join-session', memberId })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    const seen = await showFace('later-visit', 'lisa-debruine__pose3.jpg');
    expect(seen).toMatchObject({ ok: true, value: { status: 'identified', match: { memberId } } });
  });

  it('no consent and no face for an existing member without staff', async () => {
    const wang = services.db.prepare("SELECT id FROM members WHERE phone = '13800138001'").get() as { id: string };
    expect(await kiosk().invoke('consent.grant', { opId: 'consent-x', memberId: wang.id, kind: 'face', textVersion: 'face-2026.11-v1' })).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN' },
    });
    await showFace('stranger', 'barack-obama__portrait-2012.jpg');
    expect(await kiosk().invoke('face.enrollFromSession', { sessionId: 'stranger', memberId: wang.id })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(services.face.countTemplates(wang.id)).toBe(0);
  });

  it('"not me" rejects only the member the session is showing', async () => {
    const identified = await showFace('not-me', 'lisa-debruine__pose3.jpg');
    expect(identified).toMatchObject({ ok: true, value: { status: 'identified' } });
    if (!identified?.ok) return;
    const shown = (identified.value as { match: { memberId: string } }).match.memberId;
    const wang = services.db.prepare("SELECT id FROM members WHERE phone = '13800138001'").get() as { id: string };
    expect(await kiosk().invoke('face.rejectMatch', { sessionId: 'not-me', memberId: wang.id })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(await kiosk().invoke('face.rejectMatch', { sessionId: 'not-me', memberId: shown })).toMatchObject({ ok: true, value: { recorded: true } });
    expect(services.face.getConfirmedMatch('not-me')).toBeNull();
  });
});
