import { activeLocalRulesVersion } from '../membership-kernel/local-rules-versions.js';
import { activeRulesVersion, listRulesRefusals, scheduledRulesVersions } from '../membership-kernel/rules-versions.js';
import { advise, check, found, type DoctorCheck, type DoctorInputs } from './doctor-inputs.js';

/**
 * Which loyalty rules are in force (issue 13): an HQ-published version on the store's clock, the store's
 * own version (issue 15), or the configured preset; a refused version newer than the one in force is a warning (HQ sees it too).
 */
export function checkLoyaltyRules(inputs: DoctorInputs): DoctorCheck {
  const title = 'Loyalty rules';
  if (!inputs.db) return check('rules', title, 'skip', found('rules.noDb', 'Database not open.'));
  const now = inputs.now();
  const active = activeRulesVersion(inputs.db, now);
  const next = scheduledRulesVersions(inputs.db, now)[0] ?? null;
  const refused = listRulesRefusals(inputs.db).filter((r) => r.version > (active?.version ?? 0));
  // Issue 15: without an HQ version in force, the store's own version (set in the manager view) applies.
  const local = active ? null : activeLocalRulesVersion(inputs.db, now);
  const data = {
    hqVersion: active?.version ?? null,
    startsAt: active?.startsAt ?? local?.startsAt ?? null,
    nextVersion: next?.version ?? null,
    localVersion: local?.version ?? null,
    refused: refused.map((r) => r.version).join(','),
  };
  const inForceText = active
    ? `HQ rules version ${active.version}, in force since ${active.startsAt}`
    : local
      ? `This store's own rules version ${local.version}, in force since ${local.startsAt} (no HQ version in force)`
      : `Configured preset "${inputs.config.loyalty.preset}" (no HQ version in force)`;
  const upcoming = next ? `; version ${next.version} starts ${next.startsAt}` : '';
  const inForce = active
    ? next
      ? found('rules.hqVersionNext', `${inForceText}${upcoming}.`, { version: active.version, next: next.version, nextStarts: next.startsAt })
      : found('rules.hqVersion', `${inForceText}.`, { version: active.version, since: active.startsAt })
    : local
      ? found('rules.localVersion', `${inForceText}${upcoming}.`, { version: local.version, since: local.startsAt })
      : found('rules.preset', `${inForceText}${upcoming}.`, { preset: inputs.config.loyalty.preset });
  if (refused.length > 0) {
    const r = refused[0]!;
    return check(
      'rules',
      title,
      'warn',
      found('rules.refused', `${inForceText}${upcoming}. Refused version ${r.version}: ${r.message}`, { version: r.version }),
      advise('rules.fixVersion', 'Update this app (the version failed its rules check) or ask HQ operations to publish a corrected version.'),
      data,
    );
  }
  return check('rules', title, 'ok', inForce, null, data);
}
