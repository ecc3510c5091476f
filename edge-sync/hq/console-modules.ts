import { createConsoleGuard, staffConsoleRoutes } from './staff/staff-console-routes.js';
import type { ConsoleGuard, ConsoleRoutes, HqContext } from './http/hq-app.js';
import { dashboardRoutes } from './dashboard/dashboard-routes.js';
import { membersConsoleRoutes } from './members/members-console-routes.js';
import { publishingRoutes } from './publishing/publishing-routes.js';
import { catalogueRoutes } from './catalogue/catalogue-routes.js';

/**
 * The console API modules `npm run hq -- serve` registers, and the session guard they share. One
 * place to add a module (docs/hq-console-api.md): staff and sessions (edge-sync/hq/staff), dashboard,
 * publishing, members, item catalogue.
 * It sits in edge-sync/hq/, not http/: the modules import http/hq-app.ts, so http/ importing them would
 * be a folder cycle (npm run lint:deps).
 */
export function consoleModules(ctx: Pick<HqContext, 'db' | 'now'>): { consoleRoutes: ConsoleRoutes[]; guard: ConsoleGuard } {
  return { consoleRoutes: [staffConsoleRoutes, dashboardRoutes, membersConsoleRoutes, publishingRoutes, catalogueRoutes], guard: createConsoleGuard(ctx) };
}
