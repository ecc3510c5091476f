import type { printingCalls } from '../../contract/printing.js';
import type { DomainHandlers, ServiceContext } from '../../core/service-context.js';
import { audit } from '../audit/audit-log.js';
import type { PrintingService } from './printing-service.js';

/** The printer queue as the devices runtime started it (devices builds on printing, not the reverse). */
export interface PrintingDeps {
  devices: { printing: PrintingService };
}

export function createPrintingHandlers(ctx: ServiceContext, deps: PrintingDeps): DomainHandlers<keyof typeof printingCalls> {
  const printing = deps.devices.printing;
  return {
    'printing.getStatus': () => printing.getStatus(),
    'printing.listJobs': (args) => ({ jobs: printing.listJobs(args.limit, args.states) }),
    'printing.reprint': (args, call) => {
      const job = printing.reprint(args.jobId);
      ctx.log.info('printing.reprint', { jobId: args.jobId, newJobId: job.id, staffId: call.session?.staffId ?? null });
      // A reprint is a second paper copy of a member's name and purchase: who asked for it is audited.
      audit(ctx.db, ctx.clock.now(), call.session, 'receipt.reprint', null, { jobId: args.jobId, newJobId: job.id, kind: job.kind });
      return { job };
    },
    'printing.preview': (args) => printing.preview(args.jobId),
    'printing.testPage': () => ({ job: printing.printTestPage() }),
  };
}
