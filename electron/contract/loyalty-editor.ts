import { z } from 'zod';
import { call } from './define.js';
import { loyaltyRulesSchema } from './loyalty-rules.js';
import { opId } from './members.js';

/**
 * Issue 15: a manager edits the loyalty rules at a store that no HQ manages (no HQ configured, or HQ
 * never pushed a version). The draft is checked with the very schema HQ publishes with; a preview
 * counts the members whose tier would change, from this store's data; applying stores a new local
 * version, whole, in one transaction, audited. Once HQ has pushed a version the rules are HQ's:
 * `loyalty.applyRules` is refused with RULES_MANAGED_BY_HQ, and HQ's version wins from its start date
 * (the local versions stay as history, and in the audit log).
 */

/** Why a draft fails the schema, as a code the UI words in its language (never the schema's English). */
export const rulesProblemSchema = z.enum([
  'required',
  'too_small',
  'too_big',
  'invalid_format',
  'invalid_type',
  'invalid_value',
  'unrecognized_keys',
  'unique',
  'entry_no_threshold',
  'threshold_required',
  'spend_increase',
  'downgrade_lower',
  'other',
]);
export type RulesProblem = z.output<typeof rulesProblemSchema>;

export const rulesIssueSchema = z.object({
  /** Where, e.g. ['tiers', 2, 'spendAboveFen'] (the UI shows it beside that field). */
  path: z.array(z.union([z.string(), z.number()])),
  problem: rulesProblemSchema,
  /** The bound for too_small / too_big. */
  limit: z.number().nullable(),
});
export type RulesIssue = z.output<typeof rulesIssueSchema>;

/** Which rules: a preset, the config's custom rules, a local version or an HQ version. */
export const rulesOriginSchema = z.object({
  source: z.enum(['preset', 'custom', 'local', 'hq']),
  /** The version number for 'local' and 'hq' (separate numberings), else null. */
  version: z.number().int().nullable(),
  preset: z.string(),
  startsAt: z.string().nullable(),
});
export type RulesOrigin = z.output<typeof rulesOriginSchema>;

const localizedName = z.object({ 'zh-CN': z.string(), 'zh-TW': z.string(), en: z.string() });

export const tierMoveSchema = z.object({
  fromTierId: z.string(),
  fromName: localizedName,
  toTierId: z.string(),
  toName: localizedName,
  direction: z.enum(['up', 'down']),
  members: z.number().int(),
});
export type TierMove = z.output<typeof tierMoveSchema>;

export const rulesPreviewSchema = z.object({
  membersConsidered: z.number().int(),
  /** Members each move concerns, biggest first; nobody moves when empty. */
  moves: z.array(tierMoveSchema),
  up: z.number().int(),
  down: z.number().int(),
});
export type RulesPreview = z.output<typeof rulesPreviewSchema>;

export const localRulesVersionViewSchema = z.object({
  version: z.number().int(),
  startsAt: z.string(),
  createdAt: z.string(),
  createdByName: z.string().nullable(),
  basedOn: rulesOriginSchema,
  status: z.enum(['in_force', 'scheduled', 'past']),
});

export const loyaltyEditorCalls = {
  /** What the manager's rules editor needs: who owns the rules, what is in force, the presets and the local history. */
  'loyalty.getRulesEditor': call(
    z.object({}).strict(),
    z.object({
      /** False when HQ manages the rules (it pushed a version): the tab is read-only. */
      canEdit: z.boolean(),
      hqConfigured: z.boolean(),
      /** The latest HQ version received (in force or scheduled), when HQ manages the rules. */
      hqVersion: z.number().int().nullable(),
      inForce: rulesOriginSchema,
      rules: loyaltyRulesSchema,
      presets: z.record(z.string(), loyaltyRulesSchema),
      localVersions: z.array(localRulesVersionViewSchema),
      /** The store's calendar date today (YYYY-MM-DD): the earliest start a new version may have. */
      today: z.string(),
    }),
    'manager',
  ),
  /** Checks a draft with the rules schema and, if valid, counts the members whose tier would change (up/down, per tier). */
  'loyalty.previewRules': call(
    z.object({ rules: z.unknown() }).strict(),
    z.object({ issues: z.array(rulesIssueSchema), preview: rulesPreviewSchema.nullable() }),
    'manager',
  ),
  /**
   * Stores the draft as a new local version in force from the start of `startsOn` (store calendar; today: at
   * once). RULES_MANAGED_BY_HQ, RULES_INVALID (details.issues), RULES_START_INVALID.
   */
  'loyalty.applyRules': call(
    z.object({ opId, rules: z.unknown(), startsOn: z.string().max(10) }).strict(),
    z.object({ version: z.number().int(), startsAt: z.string(), from: rulesOriginSchema }),
    'manager',
  ),
};
