import { z } from 'zod';
import { call } from './define.js';

export const workerStateSchema = z.enum(['starting', 'ready', 'restarting', 'down']);

export const systemInfoSchema = z.object({
  appName: z.string(),
  appVersion: z.string(),
  transport: z.enum(['electron', 'browser-host', 'in-process']),
  store: z.object({ id: z.string(), name: z.string(), timeZone: z.string() }),
  locale: z.enum(['zh-CN', 'zh-TW', 'en']),
  schemaVersion: z.number().int(),
  isDemo: z.boolean(),
  hqConfigured: z.boolean(),
  startedAt: z.string(),
});

export const systemCalls = {
  'system.getInfo': call(z.object({}).strict(), systemInfoSchema),
  'system.ping': call(z.object({ echo: z.string().max(200).optional() }).strict(), z.object({ echo: z.string().nullable(), at: z.string() })),
  'system.getWorkerStatus': call(
    z.object({}).strict(),
    z.object({ state: workerStateSchema, restarts: z.number().int(), lastError: z.string().nullable() }),
  ),
};

export const systemEvents = {
  'system.workerStatus': z.object({ state: workerStateSchema, restarts: z.number().int(), lastError: z.string().nullable() }),
};
