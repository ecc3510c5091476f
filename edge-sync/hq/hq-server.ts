import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { LogController } from 'fastify';
import { HEADER, MAX_REQUEST_BYTES } from '../protocol/wire.js';
import type { HqRepository } from './hq-repository.js';
import { DEFAULT_TRUST_POLICY, type TrustPolicy } from './hq-trust.js';
import { defaultConsoleDir, registerConsoleHosting } from './http/console-hosting.js';
import { DeviceGate, type RequestRates } from './http/device-gate.js';
import { registerDeviceRoutes, type DeviceRouteModule } from './http/device-routes.js';
import { registerHealthRoutes } from './http/health-routes.js';
import { createHqApp, HqHttpError, type ConsoleGuard, type ConsoleRoutes, type HqApp, type HqContext } from './http/hq-app.js';
import { addAccessLog, silentHqLogger, type HqLogger } from './http/hq-logging.js';
import { acceptAnyBody, trackRoutesForNotFound } from './http/unknown-routes.js';

export interface HqServerOptions extends RequestRates {
  repo: HqRepository;
  now?: () => Date;
  /** pino (http/hq-logging.ts: createHqLogger); silent when not given. */
  logger?: HqLogger;
  maxBodyBytes?: number;
  /** What one store may do to another store's members (issue 12). */
  trustPolicy?: Partial<TrustPolicy>;
  /** More signed device endpoints (issue 13: the member bank's, members/bank-device-routes.ts). */
  deviceRoutes?: DeviceRouteModule[];
  /** The console's API modules (docs/hq-console-api.md), each registered in its own scope. */
  consoleRoutes?: ConsoleRoutes[];
  /** The console session guard the modules use; required when there are console routes. */
  guard?: ConsoleGuard;
  /** The built console served at /console/ (default: build/hq-console of this checkout). */
  consoleDir?: string;
  /** Run the dashboard rollups' consumer in this process (default true; hq-rollup-consumer.ts). */
  rollupConsumer?: boolean;
}

export interface RunningHq {
  url: string;
  port: number;
  server: http.Server;
  app: HqApp;
  /** Closes at once, dropping open connections (tests). */
  close(): Promise<void>;
  /**
   * Graceful stop: refuses new connections, lets requests in flight finish for up to `graceMs`,
   * then drops what is left. `forced` says whether anything had to be dropped.
   */
  shutdown(graceMs?: number): Promise<{ forced: boolean }>;
}

/** Until the staff sessions module is wired in: every console route answers 401. */
const noSignInGuard: ConsoleGuard = {
  require: () => async () => {
    throw new HqHttpError(401, 'SIGNED_OUT', 'console sign-in is not configured on this HQ');
  },
};

/**
 * HQ's HTTP server on Fastify (issue 13): the device API (http/device-routes.ts), the operator's
 * probes /healthz and /readyz, the console API modules and the built console under /console/, an
 * access log, and the HQ time header on every answer. `serverFactory` picks TLS or plain HTTP.
 */
export async function createHqServer(options: HqServerOptions, serverFactory?: (handler: http.RequestListener) => http.Server): Promise<HqApp> {
  const now = options.now ?? (() => new Date());
  const log = options.logger ?? silentHqLogger();
  const maxBodyBytes = options.maxBodyBytes ?? MAX_REQUEST_BYTES;
  const app = createHqApp(
    { now },
    {
      loggerInstance: log,
      // Fastify's own request lines carry the raw URL (query strings): HQ writes its access log itself.
      logController: new LogController({ disableRequestLogging: true }),
      bodyLimit: maxBodyBytes,
      requestTimeout: 30_000,
      keepAliveTimeout: 5_000,
      ...(serverFactory ? { serverFactory } : {}),
    },
  );
  const ctx: HqContext = { repo: options.repo, db: options.repo.db, now };
  const notFound = trackRoutesForNotFound(app);
  app.decorateRequest('hqSigned', null);
  let closing = false;
  app.addHook('preClose', async () => {
    closing = true;
  });
  app.addHook('onSend', async (_request, reply, payload) => {
    void reply.header(HEADER.hqTime, now().toISOString());
    // An oversized body is not read to its end; a stopping server finishes this answer and no more:
    // either way the connection closes after it (else a kept-alive socket would hold the stop up).
    if (reply.statusCode === 413 || closing) void reply.header('connection', 'close');
    return payload;
  });
  addAccessLog(app, log);
  // In a scope that reads any body as bytes: an unknown path or method is a 404/405, whatever its body.
  await app.register(async (scope) => {
    acceptAnyBody(scope);
    scope.setNotFoundHandler(notFound);
  });

  const gate = new DeviceGate(options.repo, now, options);
  const trustPolicy: TrustPolicy = { ...DEFAULT_TRUST_POLICY, ...options.trustPolicy };
  await app.register(async (scope) => registerDeviceRoutes(scope, ctx, { gate, maxBodyBytes, trustPolicy, log, extraRoutes: options.deviceRoutes ?? [] }));
  registerHealthRoutes(app, ctx);

  const consoleRoutes = options.consoleRoutes ?? [];
  if (consoleRoutes.length > 0 && !options.guard) throw new Error('HQ console routes need a ConsoleGuard (the staff sessions module)');
  const consoleCtx = { ...ctx, guard: options.guard ?? noSignInGuard };
  for (const routes of consoleRoutes) await app.register(async (scope) => routes(scope, consoleCtx));
  await registerConsoleHosting(app, { dir: options.consoleDir ?? defaultConsoleDir(), apiNotFound: notFound });
  return app;
}

function isLoopbackHost(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, '').toLowerCase();
  return h === 'localhost' || h === '::1' || /^127(\.\d{1,3}){3}$/.test(h);
}

/**
 * Starts HQ on host:port (0 = any free port) and resolves once it listens. Over TLS when `tls` is
 * given; plain HTTP only on a loopback address (a pilot HQ on the same PC, tests) or when
 * `allowPlainHttpLab` says so explicitly (issue 12: provisioning returns the device secret in the body).
 */
export async function startHq(
  options: HqServerOptions & { host?: string; port?: number; tls?: { key: string | Buffer; cert: string | Buffer }; allowPlainHttpLab?: boolean },
): Promise<RunningHq> {
  const host = options.host ?? '127.0.0.1';
  if (!options.tls && !options.allowPlainHttpLab && !isLoopbackHost(host)) {
    throw new Error(`HQ refuses to serve plain HTTP on ${host}: give it a TLS certificate and key, or allow plain HTTP explicitly for a lab`);
  }
  const tls = options.tls;
  const app = await createHqServer(options, (handler) => (tls ? (https.createServer({ key: tls.key, cert: tls.cert }, handler) as unknown as http.Server) : http.createServer(handler)));
  app.server.headersTimeout = 10_000;
  await app.listen({ port: options.port ?? 0, host });
  // Dashboard rollups behind ingestion (dashboard/rollup-queue.ts): batches queued before this start, or by other HQ processes, too.
  if (options.rollupConsumer !== false) options.repo.rollups.start((error) => options.logger?.error({ error: (error as Error).message }, 'hq.rollups_failed'));
  const { port, address } = app.server.address() as AddressInfo;
  return {
    url: `${tls ? 'https' : 'http'}://${address.includes(':') ? `[${address}]` : address}:${port}`,
    port,
    server: app.server,
    app,
    close: async () => {
      app.server.closeAllConnections();
      await app.close();
      await options.repo.rollups.stop();
    },
    shutdown: async (graceMs = 10_000) => {
      let forced = false;
      const timer = setTimeout(() => {
        forced = true;
        app.server.closeAllConnections();
      }, graceMs);
      try {
        await app.close();
      } finally {
        clearTimeout(timer);
      }
      await options.repo.rollups.stop();
      return { forced };
    },
  };
}
