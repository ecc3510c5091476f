import type { Handlers } from '../contract/handlers.js';
import type { ServiceContext } from './context.js';
import { createSystemHandlers, type SystemDeps } from './system/system-handlers.js';

/** Everything the domains need besides the context (worker hosts, device drivers, …). */
export type HandlerDeps = SystemDeps;

/**
 * All handlers of the contract. Declared as `Handlers`: a call without a handler,
 * or a handler without a call, does not compile.
 */
export function createHandlers(ctx: ServiceContext, deps: HandlerDeps): Handlers {
  return {
    ...createSystemHandlers(ctx, deps),
  };
}
