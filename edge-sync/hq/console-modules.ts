import { createConsoleGuard, staffConsoleRoutes } from './staff/staff-console-routes.js';
import type { ConsoleGuard, ConsoleRoutes, HqContext } from './http/hq-app.js';

/**
 * The console API modules `npm run hq -- serve` registers, and the session guard they share. One
 * place to add a module (docs/hq-console-api.md): staff and sessions (edge-sync/hq/staff), dashboard,
 * publishing, members.
 */
export function consoleModules(ctx: Pick<HqContext, 'db' | 'now'>): { consoleRoutes: ConsoleRoutes[]; guard: ConsoleGuard } {
  return { consoleRoutes: [staffConsoleRoutes], guard: createConsoleGuard(ctx) };
}
