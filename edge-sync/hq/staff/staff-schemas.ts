import { z } from 'zod';
import type { HqRole } from '../http/hq-app.js';

/**
 * Request and response bodies of the console's session, staff and audit endpoints
 * (docs/hq-console-api.md, "Session and staff"). Only zod is imported (the HqRole import is a type),
 * so the console's browser bundle can import these schemas and their inferred types.
 */

export const hqRoleSchema = z.enum(['chain_admin', 'operations', 'auditor']);
// The console's roles and HQ's roles are one list: a compile error if they drift apart.
type SameRoles = [z.infer<typeof hqRoleSchema>] extends [HqRole] ? ([HqRole] extends [z.infer<typeof hqRoleSchema>] ? true : never) : never;
export const SAME_ROLES: SameRoles = true;

export const consoleStaffSchema = z.object({
  staffId: z.string(),
  chainId: z.string(),
  role: hqRoleSchema,
  displayName: z.string(),
});
export type ConsoleStaffBody = z.infer<typeof consoleStaffSchema>;

/** Usernames: lower-case letters, digits and . _ - (no personal data required; e.g. "ops.li"). */
export const usernameSchema = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[a-z0-9][a-z0-9._-]{1,63}$/, 'username: 2–64 of a-z 0-9 . _ -, starting with a letter or digit');

export const signInBodySchema = z.object({
  // Not the strict username schema: a malformed name must get the same answer as a wrong password.
  username: z.string().max(200),
  password: z.string().max(1024),
});
export type SignInBody = z.infer<typeof signInBodySchema>;

export const sessionAnswerSchema = z.object({ staff: consoleStaffSchema, csrfToken: z.string() });
export type SessionAnswer = z.infer<typeof sessionAnswerSchema>;

/** 423 LOCKED_OUT: HQ's error envelope, with when the account may try again. */
export const lockedOutAnswerSchema = z.object({
  v: z.number(),
  error: z.object({ code: z.literal('LOCKED_OUT'), message: z.string(), retryAfterSeconds: z.number().int().positive() }),
  hqTime: z.string(),
});
export type LockedOutAnswer = z.infer<typeof lockedOutAnswerSchema>;

export const setupBodySchema = z.object({
  token: z.string().min(1).max(200),
  password: z.string().max(1024),
  displayName: z.string().trim().min(1).max(80),
});
export type SetupBody = z.infer<typeof setupBodySchema>;

export const staffListAnswerSchema = z.object({
  staff: z.array(
    z.object({
      staffId: z.string(),
      username: z.string(),
      displayName: z.string(),
      role: hqRoleSchema,
      active: z.boolean(),
      lastSignInAt: z.string().nullable(),
    }),
  ),
});
export type StaffListAnswer = z.infer<typeof staffListAnswerSchema>;

export const createStaffBodySchema = z.object({
  username: usernameSchema,
  displayName: z.string().trim().min(1).max(80),
  role: hqRoleSchema,
});
export type CreateStaffBody = z.infer<typeof createStaffBodySchema>;

export const createStaffAnswerSchema = z.object({ staffId: z.string(), setupLink: z.string() });
export type CreateStaffAnswer = z.infer<typeof createStaffAnswerSchema>;

export const staffIdParamsSchema = z.object({ staffId: z.string().min(1).max(100) });

export const patchStaffBodySchema = z
  .object({ role: hqRoleSchema.optional(), active: z.boolean().optional() })
  .refine((b) => b.role !== undefined || b.active !== undefined, 'role or active');
export type PatchStaffBody = z.infer<typeof patchStaffBodySchema>;

export const okAnswerSchema = z.object({ ok: z.literal(true) });

export const auditQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().regex(/^\d{1,18}$/).optional(),
  action: z.string().max(100).optional(),
  staffId: z.string().max(100).optional(),
  subjectId: z.string().max(200).optional(),
});
export type AuditQuery = z.infer<typeof auditQuerySchema>;

const auditValueSchema = z.union([z.string(), z.number(), z.boolean(), z.null()]);
export const auditAnswerSchema = z.object({
  entries: z.array(
    z.object({
      auditId: z.number(),
      chainId: z.string(),
      at: z.string(),
      staffId: z.string().nullable(),
      staffName: z.string().nullable(),
      action: z.string(),
      subjectType: z.string(),
      subjectId: z.string().nullable(),
      /** The subject's name when it is a staff member (or their session) or a store of the chain (null otherwise). */
      subjectName: z.string().nullable(),
      storeId: z.string().nullable(),
      storeName: z.string().nullable(),
      detail: z.record(z.string(), auditValueSchema),
    }),
  ),
  nextCursor: z.string().nullable(),
});
export type AuditAnswer = z.infer<typeof auditAnswerSchema>;
