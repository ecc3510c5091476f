import { z } from 'zod';
import { call } from './define.js';
import { opId } from './members.js';

export const staffRoleSchema = z.enum(['cashier', 'manager']);
export const staffViewSchema = z.object({ staffId: z.string(), name: z.string(), role: staffRoleSchema, active: z.boolean(), createdAt: z.string() });
const sessionSchema = z.object({ staffId: z.string(), role: staffRoleSchema, displayName: z.string() });

const rosterEntrySchema = z.object({ staffId: z.string(), displayName: z.string(), role: staffRoleSchema });

/**
 * Staff accounts and sign-in: the staff member picks their tile from the roster, then types the PIN
 * (PIN_INCORRECT with attemptsLeft; STAFF_LOCKED_OUT per account after five, backing off; PIN_NOT_ALLOWED never says why).
 */
export const staffCalls = {
  /** Active accounts' names and roles for the sign-in tiles (public: the sign-in screen is shown before anyone signs in). */
  'staff.roster': call(z.object({}).strict(), z.array(rosterEntrySchema)),
  'staff.signIn': call(z.object({ staffId: z.string().min(1).max(64), pin: z.string().max(20) }).strict(), sessionSchema),
  'staff.signOut': call(z.object({}).strict(), z.object({ signedOut: z.boolean() })),
  'staff.whoAmI': call(z.object({}).strict(), sessionSchema.nullable()),
  /** First run of a store without staff: creates the first manager (STAFF_ALREADY_SET_UP afterwards). */
  'staff.bootstrapManager': call(z.object({ name: z.string(), pin: z.string().max(20) }).strict(), staffViewSchema),
  'staff.list': call(z.object({}).strict(), z.array(staffViewSchema), 'manager'),
  'staff.create': call(z.object({ opId: opId.optional(), name: z.string(), role: staffRoleSchema, pin: z.string().max(20) }).strict(), staffViewSchema, 'manager'),
  'staff.update': call(
    z.object({ opId: opId.optional(), staffId: z.string().max(64), name: z.string().optional(), role: staffRoleSchema.optional(), active: z.boolean().optional(), pin: z.string().max(20).optional() }).strict(),
    staffViewSchema,
    'manager',
  ),
};
