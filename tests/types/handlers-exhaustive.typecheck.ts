/**
 * Compile-time guard, checked by `npm run typecheck`: the handler map must match the contract
 * exactly. If either @ts-expect-error below stops being an error, the type check fails.
 */
import type { Handlers } from '../../electron/contract/handlers.js';

declare const complete: Handlers;

// A handler missing for a call in the contract does not compile.
const { 'system.ping': _removed, ...withoutPing } = complete;
// @ts-expect-error — 'system.ping' is missing
export const missingHandler: Handlers = withoutPing;

// A handler for a call that the contract does not have does not compile.
export const extraHandler: Handlers = {
  ...complete,
  // @ts-expect-error — 'system.formatDisk' is not in the contract
  'system.formatDisk': () => null,
};

void _removed;
