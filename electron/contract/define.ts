import type { z } from 'zod';

/**
 * A call in the contract: the schema of its argument (validated at every boundary)
 * and of its result (validated in tests, trusted in production).
 */
export interface CallSpec<A extends z.ZodType = z.ZodType, R extends z.ZodType = z.ZodType> {
  readonly args: A;
  readonly result: R;
  /** Who may make the call; 'manager' calls need a staff session with that role. */
  readonly access?: 'public' | 'staff' | 'manager';
}

export function call<A extends z.ZodType, R extends z.ZodType>(args: A, result: R, access: CallSpec['access'] = 'public'): CallSpec<A, R> {
  return { args, result, access };
}

export type CallMap = Record<string, CallSpec>;
export type EventMap = Record<string, z.ZodType>;
