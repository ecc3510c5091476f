import type { z } from 'zod';
import type { StaffSession } from '../../contract/handlers.js';
import type { RulesIssue, RulesOrigin, RulesPreview, RulesProblem, TierMove } from '../../contract/loyalty-editor.js';
import { loyaltyRulesSchema, type LoyaltyConfig, type LoyaltyRules } from '../../contract/loyalty-rules.js';
import { AppError } from '../../contract/result.js';
import { audit } from '../audit/audit-log.js';
import { forgetLocalRulesVersions, insertLocalRulesVersion, isHqManaged, versionedRulesInForce } from '../membership-kernel/local-rules-versions.js';
import { addMonths, localParts } from '../membership-kernel/local-time.js';
import type { MembershipEnv } from '../membership-kernel/membership-env.js';
import { runOnce } from '../membership-kernel/op-ids.js';
import { tierRank } from './points-math.js';
import { reevaluate, upgradeOnActivity } from './tier-rules.js';
import { previewMembers } from './rules-preview-repository.js';
import { startOfLocalDay } from './store-day.js';

/** The store's own schema messages (edge-sync/protocol/loyalty-rules.ts) → problem codes. */
const CUSTOM_PROBLEMS: Array<[RegExp, RulesProblem]> = [
  [/unique/, 'unique'],
  [/entry tier has no thresholds/, 'entry_no_threshold'],
  [/needs a spend or visit threshold/, 'threshold_required'],
  [/must increase/, 'spend_increase'],
  [/lower tier/, 'downgrade_lower'],
];
const PLAIN_PROBLEMS: ReadonlySet<string> = new Set(['too_small', 'too_big', 'invalid_format', 'invalid_type', 'invalid_value', 'unrecognized_keys']);

function issueOf(issue: z.core.$ZodIssue): RulesIssue {
  const bound = 'minimum' in issue ? issue.minimum : 'maximum' in issue ? issue.maximum : null;
  // An empty name is "required", not "at least 1" (a number's bound is worded with the number).
  const isEmptyText = issue.code === 'too_small' && issue.origin === 'string';
  const problem: RulesProblem = isEmptyText
    ? 'required'
    : PLAIN_PROBLEMS.has(issue.code)
    ? (issue.code as RulesProblem)
    : (CUSTOM_PROBLEMS.find(([pattern]) => pattern.test(issue.message))?.[1] ?? 'other');
  return {
    path: issue.path.filter((p): p is string | number => typeof p !== 'symbol'),
    problem,
    limit: !isEmptyText && (typeof bound === 'number' || typeof bound === 'bigint') ? Number(bound) : null,
  };
}

/** Checks a draft with the schema HQ publishes with and the store applies HQ's versions with. */
export function checkRules(raw: unknown): { rules: LoyaltyRules; issues: [] } | { rules: null; issues: RulesIssue[] } {
  const parsed = loyaltyRulesSchema.safeParse(raw);
  return parsed.success ? { rules: parsed.data, issues: [] } : { rules: null, issues: parsed.error.issues.map(issueOf).slice(0, 50) };
}

/** Which rules are in force now, named for the manager view, the audit log and the doctor. */
export function originInForce(env: MembershipEnv, config: LoyaltyConfig): RulesOrigin {
  const versioned = versionedRulesInForce(env.db, env.clock.now());
  if (versioned) return { source: versioned.source, version: versioned.version, preset: config.preset, startsAt: versioned.startsAt };
  return { source: config.custom ? 'custom' : 'preset', version: null, preset: config.preset, startsAt: null };
}

/** 'preset:restaurant', 'custom', 'local:3', 'hq:2': the short form stored with a version and in the audit. */
export function originLabel(o: RulesOrigin): string {
  if (o.source === 'preset') return `preset:${o.preset}`;
  return o.source === 'custom' ? 'custom' : `${o.source}:${o.version ?? 0}`;
}

export function originFromLabel(label: string, preset: string): RulesOrigin {
  const [source, rest] = label.split(':');
  if (source === 'local' || source === 'hq') return { source, version: Number(rest), preset, startsAt: null };
  if (source === 'preset') return { source, version: null, preset: rest ?? preset, startsAt: null };
  return { source: 'custom', version: null, preset, startsAt: null };
}

/**
 * The tier a member ends at under `rules`, decided the way the store decides tiers (tier-rules.ts): the
 * periodic review's downgrades, then the upgrade their next visit would bring. A tier the rules no longer
 * have counts as the entry tier (as points-math does).
 */
function projectedTier(rules: LoyaltyRules, current: string, facts: Parameters<typeof reevaluate>[2]): string {
  let tier = rules.tiers.some((t) => t.id === current) ? current : (rules.tiers[0]?.id ?? current);
  tier = reevaluate(rules, tier, facts)?.tier ?? tier;
  return upgradeOnActivity(rules, tier, facts, { now: facts.now, lastSpendAt: facts.lastSpendAt })?.tier ?? tier;
}

/**
 * How many members would change tier if `next` replaced the rules in force: every active member's rolling
 * 12-month figures from this store's data, each member's tier projected under both rule sets, and the
 * members whose projections differ counted per (from → to). Members whose tier moves anyway under the
 * current rules (a pending downgrade) are not counted as moved by the edit.
 */
export function previewTierMoves(env: MembershipEnv, next: LoyaltyRules): RulesPreview {
  const now = env.clock.now();
  const current = env.rules;
  const moves = new Map<string, TierMove>();
  const since = addMonths(now, -12);
  const members = previewMembers(env.db, since.toISOString(), now.toISOString(), localParts(since, env.timeZone).date);
  for (const m of members) {
    const facts = { spend12mFen: m.spendFen, visits12m: m.visitDays, now, lastSpendAt: m.lastSpendAt ? new Date(m.lastSpendAt) : null, tierSince: new Date(m.tierSince) };
    const from = projectedTier(current, m.tier, facts);
    const to = projectedTier(next, m.tier, facts);
    if (from === to) continue;
    const key = `${from}\n${to}`;
    const move = moves.get(key) ?? {
      fromTierId: from,
      fromName: current.tiers.find((t) => t.id === from)?.name ?? { 'zh-CN': from, 'zh-TW': from, en: from },
      toTierId: to,
      toName: next.tiers.find((t) => t.id === to)?.name ?? { 'zh-CN': to, 'zh-TW': to, en: to },
      direction: tierRank(next, to) > tierRank(current, from) ? ('up' as const) : ('down' as const),
      members: 0,
    };
    move.members++;
    moves.set(key, move);
  }
  const list = [...moves.values()].sort((a, b) => b.members - a.members || a.fromTierId.localeCompare(b.fromTierId) || a.toTierId.localeCompare(b.toTierId));
  const sum = (d: 'up' | 'down') => list.filter((m) => m.direction === d).reduce((n, m) => n + m.members, 0);
  return { membersConsidered: members.length, moves: list, up: sum('up'), down: sum('down') };
}

export function previewRules(env: MembershipEnv, raw: unknown): { issues: RulesIssue[]; preview: RulesPreview | null } {
  const checked = checkRules(raw);
  if (!checked.rules) return { issues: checked.issues, preview: null };
  return { issues: [], preview: previewTierMoves(env, checked.rules) };
}

export function assertLocallyEditable(env: MembershipEnv): void {
  if (isHqManaged(env.db)) {
    throw new AppError('RULES_MANAGED_BY_HQ', 'Head office manages the loyalty rules of this store; they cannot be edited here');
  }
}

/** The earliest start: today on the store's calendar; no later than a year ahead. */
function startOf(env: MembershipEnv, startsOn: string, now: Date): string {
  const today = localParts(now, env.timeZone).date;
  if (!/^\d{4}-\d{2}-\d{2}$/.test(startsOn) || Number.isNaN(Date.parse(`${startsOn}T00:00:00Z`)) || startsOn < today) {
    throw new AppError('RULES_START_INVALID', 'The start date must be today or a later date');
  }
  if (Date.parse(`${startsOn}T00:00:00Z`) - Date.parse(`${today}T00:00:00Z`) > 366 * 86_400_000) {
    throw new AppError('RULES_START_INVALID', 'The start date must be within a year');
  }
  // Today: at once (the version is in force from this moment, not from a midnight already past).
  return startsOn === today ? now.toISOString() : startOfLocalDay(startsOn, env.timeZone).toISOString();
}

/**
 * A manager applies a draft: checked again, then stored as a new local version with its audit row
 * (who, from which rules to which version) in one transaction — both or neither. Refused while HQ
 * manages the rules. A replay of the same opId returns the first result.
 */
export function applyLocalRules(
  env: MembershipEnv,
  config: LoyaltyConfig,
  input: { opId: string; rules: unknown; startsOn: string },
  by: StaffSession,
): { version: number; startsAt: string; from: RulesOrigin } {
  const now = env.clock.now();
  const checked = checkRules(input.rules);
  try {
    return env.db.transaction(() =>
      runOnce(env.db, input.opId, 'loyalty.applyRules', { rules: input.rules, startsOn: input.startsOn }, now, () => {
        assertLocallyEditable(env);
        if (!checked.rules) throw new AppError('RULES_INVALID', 'The rules are not valid', { details: { issues: checked.issues, count: checked.issues.length } });
        const startsAt = startOf(env, input.startsOn, now);
        const from = originInForce(env, config);
        const version = insertLocalRulesVersion(env.db, { startsAt, rules: checked.rules, createdAt: now.toISOString(), createdBy: by.staffId, basedOn: originLabel(from) });
        audit(env.db, now, by, 'rules.local_applied', null, { from: originLabel(from), to: `local:${version}`, version, startsAt, tiers: checked.rules.tiers.map((t) => t.id) });
        env.log.info('loyalty.rules_local_applied', { version, startsAt, from: originLabel(from) });
        return { version, startsAt, from };
      }),
    )();
  } catch (e) {
    // The transaction rolled back: a version cached while it was open must not outlive it.
    forgetLocalRulesVersions(env.db);
    throw e;
  }
}
