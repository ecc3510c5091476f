import fs from 'node:fs';
import path from 'node:path';
import { DEMO, must, signInStaff } from './arrange.js';
import type { KioskHost } from './host.js';
import { repoRoot } from './paths.js';
import { until } from '../../support/until.js';

export const facesDir = path.join(repoRoot, 'tests/fixtures/faces');
export const face = (file: string) => path.join(facesDir, file);

const ARRANGE_CLIENT = 'e2e-arrange-staff';

/** The face worker loads its models after start-up; tests begin once it answers 'ready'. */
export async function waitForFaceEngine(host: KioskHost, timeoutMs = 60_000): Promise<void> {
  let last: unknown = null;
  await until(
    async () => {
      const status = await host.call<{ state: string; lastError: string | null }>('face.getStatus', {});
      last = status;
      return status.ok && status.value.state === 'ready';
    },
    'the face engine answers ready',
    timeoutMs,
    300,
  ).catch((error: Error) => {
    throw new Error(`${error.message}; last status: ${JSON.stringify(last)}`);
  });
}

/**
 * Enrols a new member from photos, the way a cashier would at the counter: join, record the
 * member's separate face consent, then face.enrollFromPhotos under a signed-in staff session.
 */
export async function enrolMemberFromPhotos(host: KioskHost, name: string, phone: string, photos: string[]): Promise<string> {
  const member = await must(host.call<{ memberId: string }>('members.create', { opId: `e2e-join-${phone}`, name, phone }));
  await must(host.call('consent.grant', { opId: `e2e-consent-${phone}`, memberId: member.memberId, kind: 'face', textVersion: 'face-2026.11-v1', device: 'e2e', adultAttested: true }));
  await must(signInStaff(host, 'cashier', ARRANGE_CLIENT));
  const imagesBase64 = photos.map((p) => fs.readFileSync(p).toString('base64'));
  const result = await must(host.call<{ templatesAdded: number; skipped: unknown[] }>('face.enrollFromPhotos', { memberId: member.memberId, imagesBase64 }, ARRANGE_CLIENT));
  if (result.templatesAdded < 1) throw new Error(`no template enrolled: ${JSON.stringify(result)}`);
  return member.memberId;
}
