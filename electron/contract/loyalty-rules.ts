import { z } from 'zod';
import { loyaltyPresets, loyaltyRulesSchema, type LoyaltyRules } from '../../edge-sync/protocol/loyalty-rules.js';

// The rules schema and presets live in edge-sync/protocol/loyalty-rules.ts, shared with HQ (which
// validates published versions with it) and the sync client; the store's contract re-exports them.
export {
  benefitSchema,
  loyaltyPresets,
  loyaltyRulesSchema,
  tierRuleSchema,
  type Benefit,
  type LoyaltyPresetName,
  type LoyaltyRules,
  type TierRule,
} from '../../edge-sync/protocol/loyalty-rules.js';

export const loyaltyConfigSchema = z
  .object({
    preset: z.enum(['restaurant', 'eyewear']).default('restaurant'),
    /** A chain's own rules; replaces the preset entirely when given. */
    custom: loyaltyRulesSchema.nullable().default(null),
  })
  .strict();

export type LoyaltyConfig = z.output<typeof loyaltyConfigSchema>;

export function effectiveRules(config: LoyaltyConfig): LoyaltyRules {
  return config.custom ?? loyaltyPresets[config.preset];
}
