import type { CallContext } from '../../contract/handlers.js';
import type { loyaltyEditorCalls } from '../../contract/loyalty-editor.js';
import { loyaltyPresets } from '../../contract/loyalty-rules.js';
import { AppError } from '../../contract/result.js';
import type { DomainHandlers, ServiceContext } from '../../core/service-context.js';
import { isHqManaged, localRulesVersions, scheduledLocalRulesVersions, versionedRulesInForce } from '../membership-kernel/local-rules-versions.js';
import { localParts } from '../membership-kernel/local-time.js';
import { createMembershipEnv, type MembershipEnv } from '../membership-kernel/membership-env.js';
import { activeRulesVersion, listRulesRefusals, scheduledRulesVersions } from '../membership-kernel/rules-versions.js';
import { staffById } from '../staff/staff-repository.js';
import { applyLocalRules, originFromLabel, originInForce, previewRules } from './rules-editor.js';

function staffOf(c: CallContext) {
  if (!c.session) throw new AppError('UNAUTHORIZED', 'A staff sign-in is required');
  return c.session;
}

function editorState(env: MembershipEnv, ctx: ServiceContext) {
  const now = env.clock.now();
  const inForce = versionedRulesInForce(env.db, now);
  const scheduled = new Set(scheduledLocalRulesVersions(env.db, now).map((v) => v.version));
  const hqManaged = isHqManaged(env.db);
  // What the read-only tab names: HQ's version in force, else the next to start, else the last one refused.
  const newest = (list: Array<{ version: number }>) => (list.length > 0 ? Math.max(...list.map((v) => v.version)) : null);
  const hqVersion = activeRulesVersion(env.db, now)?.version ?? newest(scheduledRulesVersions(env.db, now)) ?? newest(listRulesRefusals(env.db));
  return {
    canEdit: !hqManaged,
    hqConfigured: ctx.config.hq.url !== null,
    hqVersion: hqManaged ? hqVersion : null,
    inForce: originInForce(env, ctx.config.loyalty),
    rules: env.rules,
    presets: { ...loyaltyPresets },
    localVersions: localRulesVersions(env.db).map((v) => ({
      version: v.version,
      startsAt: v.startsAt,
      createdAt: v.createdAt,
      createdByName: staffById(env.db, v.createdBy)?.name ?? null,
      basedOn: originFromLabel(v.basedOn, ctx.config.loyalty.preset),
      status: inForce?.source === 'local' && inForce.version === v.version ? ('in_force' as const) : scheduled.has(v.version) ? ('scheduled' as const) : ('past' as const),
    })),
    today: localParts(now, env.timeZone).date,
  };
}

/** Issue 15: the manager's rules editor (manager role, enforced by the dispatcher from the contract). */
export function createRulesEditorHandlers(ctx: ServiceContext): DomainHandlers<keyof typeof loyaltyEditorCalls> {
  const env = createMembershipEnv(ctx);
  return {
    'loyalty.getRulesEditor': () => editorState(env, ctx),
    'loyalty.previewRules': (a) => previewRules(env, a.rules),
    'loyalty.applyRules': (a, c) => applyLocalRules(env, ctx.config.loyalty, a, staffOf(c)),
  };
}
