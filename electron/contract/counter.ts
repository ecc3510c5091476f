import { z } from 'zod';
import { call } from './define.js';

/**
 * The counter's two screens: the cashier console publishes the order being entered, and the
 * customer display (greeting, check-in, join, consent) shows it as a running total. Names and
 * amounts only; an empty `lines` clears the customer's view.
 */
const itemName = z.object({ 'zh-CN': z.string().max(40), 'zh-TW': z.string().max(40), en: z.string().max(40) });
export const counterOrderSchema = z.object({
  memberId: z.string().max(64).nullable(),
  lines: z.array(z.object({ name: itemName, qty: z.number().int().min(1).max(9999), amountFen: z.number().int().min(0) })).max(200),
  totalFen: z.number().int().min(0),
  /** Tier discount, coupon and points together. */
  savedFen: z.number().int().min(0),
  paidFen: z.number().int().min(0),
});

export const counterCalls = {
  'counter.showOrder': call(counterOrderSchema.strict(), z.object({ shown: z.boolean() }), 'staff'),
};

export const counterEvents = {
  'counter.order': counterOrderSchema.extend({ at: z.string() }),
};
