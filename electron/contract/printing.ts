import { z } from 'zod';
import { call } from './define.js';

/** Receipt printing: status, the persisted job queue, previews. Printing never blocks the caller. */
export const printerStateSchema = z.enum(['not-configured', 'ready', 'paper-near-end', 'paper-out', 'cover-open', 'offline', 'error', 'unreachable']);

export const printerStatusSchema = z.object({
  state: printerStateSchema,
  isReady: z.boolean(),
  /** PRINTER_PAPER_OUT, PRINTER_COVER_OPEN, PRINTER_OFFLINE, PRINTER_TIMEOUT, PRINTER_UNREACHABLE, PRINTER_BAD_REPLY, PRINTER_MODEL_UNKNOWN … */
  errorCode: z.string().nullable(),
  message: z.string().nullable(),
  checkedAt: z.string().nullable(),
  /** e.g. tcp://192.168.1.50:9100; null when no printer is configured. */
  label: z.string().nullable(),
});

export const printJobStateSchema = z.enum(['queued', 'printing', 'printed', 'failed']);
export const printJobKindSchema = z.enum(['check-in-ticket', 'purchase-receipt', 'test-page', 'member-card', 'erasure-receipt']);

export const printJobSchema = z.object({
  id: z.string(),
  kind: printJobKindSchema,
  title: z.string(),
  state: printJobStateSchema,
  attempts: z.number().int(),
  createdAt: z.string(),
  printedAt: z.string().nullable(),
  /** Why it is waiting or failed (the printer's error code while queued). */
  errorCode: z.string().nullable(),
  errorMessage: z.string().nullable(),
  /** Failed after bytes may have reached the paper: check the printer before reprinting. */
  mayHavePrinted: z.boolean(),
  reprintOf: z.string().nullable(),
});

export const printerStatusEventSchema = z.object({
  printer: printerStatusSchema,
  queue: z.object({ queued: z.number().int(), printing: z.number().int(), failed: z.number().int() }),
});

export const previewLineSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('text'), text: z.string(), align: z.enum(['left', 'center', 'right']), scale: z.union([z.literal(1), z.literal(2)]), bold: z.boolean() }),
  z.object({ kind: z.literal('qr'), data: z.string() }),
  z.object({ kind: z.literal('cut') }),
]);

export const printingCalls = {
  'printing.getStatus': call(z.object({}).strict(), printerStatusEventSchema),
  'printing.listJobs': call(
    z.object({ limit: z.number().int().min(1).max(200).default(50), states: z.array(printJobStateSchema).optional() }).strict(),
    z.object({ jobs: z.array(printJobSchema) }),
    'staff',
  ),
  /** Queues a marked copy ("REPRINT") of any job; the original stays as it was. */
  'printing.reprint': call(z.object({ jobId: z.string().min(1).max(64) }).strict(), z.object({ job: printJobSchema }), 'staff'),
  /** The lines a job prints, wrapped to the configured paper, for the on-screen preview. */
  'printing.preview': call(
    z.object({ jobId: z.string().min(1).max(64) }).strict(),
    z.object({ title: z.string(), columns: z.number().int(), lines: z.array(previewLineSchema) }),
    'staff',
  ),
  'printing.testPage': call(z.object({}).strict(), z.object({ job: printJobSchema }), 'staff'),
};

export const printingEvents = {
  'printing.status': printerStatusEventSchema,
  'printing.jobUpdated': printJobSchema,
};
