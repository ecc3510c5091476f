import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import Fastify, { type FastifyBaseLogger, type FastifyInstance, type FastifyServerOptions, type preHandlerAsyncHookHandler } from 'fastify';
import { hasZodFastifySchemaValidationErrors, serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { WIRE_VERSION, type WireErrorCode } from '../../protocol/wire.js';
import type { HqDb } from '../db/hq-db.js';
import { HqError, type HqRepository } from '../hq-repository.js';

/**
 * The HQ server as a Fastify app (issue 13). Devices and people are served by route modules
 * (`HqRoutes`) registered on one app whose request and response schemas are the zod schemas
 * themselves (fastify-type-provider-zod), so the wire schemas stay the one source of truth.
 */
export type HqApp = FastifyInstance<Server, IncomingMessage, ServerResponse, FastifyBaseLogger, ZodTypeProvider>;

/** HQ staff roles (issue 13): chain admin (rules, campaigns, stores, staff); operations (dashboards, erasure requests, member service); auditor (read-only, audit log included). */
export const HQ_ROLES = ['chain_admin', 'operations', 'auditor'] as const;
export type HqRole = (typeof HQ_ROLES)[number];

/** The signed-in HQ staff member of a console request; set by the console session guard. */
export interface ConsoleStaff {
  staffId: string;
  chainId: string;
  role: HqRole;
  displayName: string;
}

declare module 'fastify' {
  interface FastifyRequest {
    consoleStaff?: ConsoleStaff;
  }
}

/** What every route module is given. */
export interface HqContext {
  repo: HqRepository;
  db: HqDb;
  now: () => Date;
}

export type HqRoutes = (app: HqApp, ctx: HqContext) => Promise<void> | void;

/** Guards console routes (implemented by the HQ staff sessions module). */
export interface ConsoleGuard {
  /**
   * A preHandler: 401 SIGNED_OUT without a valid session cookie; 403 CSRF_REJECTED for an unsafe
   * method (POST/PUT/PATCH/DELETE) without the session's CSRF token in `x-csrf-token`; 403
   * ROLE_FORBIDDEN when the staff member's role is not listed. On success sets request.consoleStaff.
   */
  require(...roles: HqRole[]): preHandlerAsyncHookHandler;
}

/** What console route modules are given: everything devices get, and the session guard. */
export interface ConsoleContext extends HqContext {
  guard: ConsoleGuard;
}

export type ConsoleRoutes = (app: HqApp, ctx: ConsoleContext) => Promise<void> | void;

/**
 * Console refusals. Console pages translate them (zh-CN/zh-TW/en); the message is for logs and tools.
 * Route modules may add codes here (append only).
 */
export type ConsoleErrorCode =
  | 'SIGNED_OUT'
  | 'BAD_CREDENTIALS'
  | 'LOCKED_OUT'
  | 'CSRF_REJECTED'
  | 'ROLE_FORBIDDEN'
  | 'VALIDATION'
  | 'CONFLICT'
  | 'NOT_FOUND'
  | 'SETUP_LINK_INVALID';

/** A refusal with its HTTP status and wire error code; the error handler turns it into {v, error, hqTime}. */
export class HqHttpError extends Error {
  constructor(
    readonly status: number,
    /** A wire code for device endpoints; console endpoints use their own codes (see console pages' catalogues). */
    readonly code: WireErrorCode | ConsoleErrorCode,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

/** A Fastify app with the zod compilers and HQ's error envelope; the server and tests build on it. */
export function createHqApp(ctx: Pick<HqContext, 'now'>, options: FastifyServerOptions = {}): HqApp {
  const app = Fastify({ logger: false, ...options }).withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.setErrorHandler((error, request, reply) => {
    let status = 500;
    let code: WireErrorCode | ConsoleErrorCode = 'INTERNAL';
    let message = 'HQ failed to handle the request; retry later';
    let headers: Record<string, string> = {};
    if (error instanceof HqHttpError) {
      ({ status, code, message, headers } = error);
    } else if (error instanceof HqError) {
      ({ status, code, message } = error);
    } else if (hasZodFastifySchemaValidationErrors(error)) {
      const issue = error.validation[0];
      status = 400;
      code = 'MALFORMED';
      message = `${issue?.instancePath.replace(/^\//, '').replace(/\//g, '.') || 'request'}: ${issue?.message ?? 'invalid'}`.slice(0, 300);
    } else if (typeof (error as { statusCode?: unknown }).statusCode === 'number' && (error as { statusCode: number }).statusCode < 500) {
      // Fastify's own refusals (body too large, bad JSON, unsupported media type).
      status = (error as { statusCode: number }).statusCode;
      code = status === 413 ? 'PAYLOAD_TOO_LARGE' : 'MALFORMED';
      message = (error as Error).message.slice(0, 300);
    } else {
      // The message only: a driver's detail (e.g. a unique violation's key values) may hold personal data.
      request.log.error({ route: request.routeOptions.url ?? null, err: { message: (error as Error).message } }, 'hq.request_failed');
    }
    void reply.status(status).headers(headers).send({ v: WIRE_VERSION, error: { code, message }, hqTime: ctx.now().toISOString() });
  });
  return app;
}
