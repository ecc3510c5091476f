import type { LoyaltyRules } from '../../../../../electron/contract/loyalty-rules.js';

// The store tab's own draft helpers: its points fields and the yuan boxes. The tier and benefit edits
// are shared with HQ's rules page: renderer/shared/rules-draft.ts.

export function setPoints(rules: LoyaltyRules, patch: Partial<LoyaltyRules['points']>): LoyaltyRules {
  return { ...rules, points: { ...rules.points, ...patch } };
}

/**
 * A number box's text → a number for the draft: an empty box is null (a threshold not used), anything
 * else goes as typed (a fraction or junk becomes NaN or stays fractional, and the schema names it).
 */
export function numberOrNull(text: string): number | null {
  return text.trim() === '' ? null : Number(text);
}

/** Yuan as typed → fen (two decimals); null stays null. */
export function yuanToFen(text: string): number | null {
  const yuan = numberOrNull(text);
  return yuan === null ? null : Math.round(yuan * 100);
}

export function fenToYuanText(fen: number | null): string {
  return fen === null ? '' : String(fen / 100);
}
