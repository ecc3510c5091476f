import type { ConsoleRoutes } from '../http/hq-app.js';
import { auditRoutes } from './audit-routes.js';
import { sessionRoutes } from './session-routes.js';
import { staffRoutes } from './staff-routes.js';

export { createConsoleGuard } from './console-guard.js';

/** Every console route of this module: sessions and setup links, staff management, the audit log. */
export const staffConsoleRoutes: ConsoleRoutes = (app, ctx) => {
  sessionRoutes(app, ctx);
  staffRoutes(app, ctx);
  auditRoutes(app, ctx);
};
