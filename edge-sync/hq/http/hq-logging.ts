import { pino, type DestinationStream, type Logger } from 'pino';
import type { HqApp } from './hq-app.js';

export type HqLogger = Logger;

/**
 * HQ's logger: pino, one JSON object per line. Nothing personal goes in: events name ids (device,
 * store, staff), never names, phone numbers, request bodies, cookies or query strings. The `req`
 * serializer keeps only the method in case a library logs a request object.
 */
export function createHqLogger(options: { destination?: DestinationStream; level?: string } = {}): HqLogger {
  return pino(
    {
      level: options.level ?? 'info',
      base: { service: 'hq' },
      timestamp: pino.stdTimeFunctions.isoTime,
      serializers: { req: (req: { method?: string }) => ({ method: req.method }), err: pino.stdSerializers.err },
    },
    options.destination ?? pino.destination({ dest: 1, sync: false }),
  );
}

/** For tests and embedded use: logs nothing. */
export function silentHqLogger(): HqLogger {
  return pino({ level: 'silent' });
}

/**
 * One access-log line per answered request: method, route pattern (never the raw URL, so no query
 * string such as a searched phone number), status, duration, and the signing device or the signed-in
 * staff member by id.
 */
export function addAccessLog(app: HqApp, log: HqLogger): void {
  app.addHook('onResponse', async (request, reply) => {
    log.info(
      {
        method: request.method,
        route: request.routeOptions.url ?? null,
        status: reply.statusCode,
        ms: Math.round(reply.elapsedTime * 10) / 10,
        ...(request.hqSigned ? { deviceId: request.hqSigned.device.deviceId } : {}),
        ...(request.consoleStaff ? { staffId: request.consoleStaff.staffId } : {}),
      },
      'hq.access',
    );
  });
}
