import { describe, expect, it } from 'vitest';
import { redemptionRequestSchema } from '../../edge-sync/protocol/member-bank-wire.js';
import { WIRE_VERSION } from '../../edge-sync/protocol/wire.js';
import { redemptionOpId } from '../../electron/services/bank/bank-intents.js';

// The op id HQ sees for a purchase's redemption: derived from the purchase's op id, always valid on
// the wire, and never shared by two purchases (a long or odd op id is hashed, never cut).
const valid = (opId: string) => redemptionRequestSchema.safeParse({ v: WIRE_VERSION, opId, memberId: 'm', points: 1, reason: '' }).success;

describe('redemption op ids', () => {
  it('names the purchase op id and the attempt', () => {
    expect(redemptionOpId('0b6f4a8e-2f49-4a53-9d39-5d8f2f2d4b11', 1)).toBe('0b6f4a8e-2f49-4a53-9d39-5d8f2f2d4b11:redeem');
    expect(redemptionOpId('sale-1', 3)).toBe('sale-1:redeem:3');
  });

  it('hashes op ids that do not fit, so two long op ids with the same start stay apart', () => {
    const a = `${'x'.repeat(60)}-a`;
    const b = `${'x'.repeat(60)}-b`;
    expect(redemptionOpId(a, 1)).not.toBe(redemptionOpId(b, 1));
    for (const id of [a, 'ünïcode op', 'x'.repeat(100)]) {
      expect(valid(redemptionOpId(id, 1))).toBe(true);
      expect(valid(redemptionOpId(id, 99))).toBe(true);
    }
  });
});
