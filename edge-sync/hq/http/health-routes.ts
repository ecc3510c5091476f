import { z } from 'zod';
import type { HqDb } from '../db/hq-db.js';
import { hqPgMigrations, hqSqliteMigrations } from '../db/hq-migrations.js';
import type { HqApp, HqContext } from './hq-app.js';

export const livenessResponseSchema = z.object({ status: z.literal('ok') }).strict();
export const readinessResponseSchema = z
  .object({ status: z.enum(['ready', 'not_ready']), database: z.enum(['postgres', 'sqlite']), schemaVersion: z.number().int().nullable(), expectedSchemaVersion: z.number().int(), reason: z.string().optional() })
  .strict();
export type Readiness = z.output<typeof readinessResponseSchema>;

/**
 * For the operator's probes (load balancer, systemd, Kubernetes), beside the devices' /v1/health:
 *   GET /healthz  liveness: the process answers (no database call, so a slow database never gets it restarted)
 *   GET /readyz   readiness: the database answers and its schema is the one this server migrates to; 503 with a reason otherwise
 * Neither is rate limited nor needs credentials; they say nothing about members.
 */
export function registerHealthRoutes(app: HqApp, ctx: HqContext): void {
  app.get('/healthz', { exposeHeadRoute: false, schema: { response: { 200: livenessResponseSchema } } }, async () => ({ status: 'ok' as const }));
  app.get('/readyz', { exposeHeadRoute: false, schema: { response: { 200: readinessResponseSchema, 503: readinessResponseSchema } } }, async (_request, reply) => {
    const readiness = await checkReadiness(ctx.db);
    return reply.status(readiness.status === 'ready' ? 200 : 503).send(readiness);
  });
}

/** Whether the database answers within `timeoutMs` and carries exactly the migrations this server knows. */
export async function checkReadiness(db: HqDb, timeoutMs = 2_000): Promise<Readiness> {
  const known = (db.dialect === 'postgres' ? hqPgMigrations : hqSqliteMigrations).map((m) => m.version);
  const expected = Math.max(0, ...known);
  const base = { database: db.dialect, expectedSchemaVersion: expected };
  let applied: Set<number>;
  try {
    const rows = await withTimeout(db.query<{ version: number }>('SELECT version FROM hq_schema_migrations'), timeoutMs);
    applied = new Set(rows.map((r) => Number(r.version)));
  } catch (error) {
    // The driver's message names the host or file, never member data.
    return { status: 'not_ready', ...base, schemaVersion: null, reason: `database unreachable: ${(error as Error).message}`.slice(0, 300) };
  }
  const schemaVersion = applied.size > 0 ? Math.max(...applied) : null;
  const missing = known.filter((v) => !applied.has(v));
  if (missing.length > 0) {
    return { status: 'not_ready', ...base, schemaVersion, reason: `database lacks HQ migration(s) ${missing.join(', ')}; restart HQ to migrate` };
  }
  if (schemaVersion !== null && schemaVersion > expected) {
    return { status: 'not_ready', ...base, schemaVersion, reason: `database schema ${schemaVersion} is newer than this server (${expected}); upgrade the server` };
  }
  return { status: 'ready', ...base, schemaVersion };
}

function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([work, late]).finally(() => clearTimeout(timer));
}
