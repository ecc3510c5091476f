import type { ConsoleGuard, ConsoleRoutes, HqContext } from './hq-app.js';

/**
 * The console API modules `npm run hq -- serve` registers, and the session guard they share. One
 * place to add a module (docs/hq-console-api.md): staff and sessions (edge-sync/hq/staff), dashboard,
 * publishing, members. Without a guard every console API call answers 401 SIGNED_OUT.
 */
export function consoleModules(_ctx: Pick<HqContext, 'db' | 'now'>): { consoleRoutes: ConsoleRoutes[]; guard?: ConsoleGuard } {
  return { consoleRoutes: [] };
}
