import type { Handlers } from '../contract/handlers.js';
import type { ServiceContext } from '../core/service-context.js';
import { createSystemHandlers, type SystemDeps } from './system/system-handlers.js';
import { createMembershipHandlers } from './membership/membership-handlers.js';
import type { MembershipDeps } from './membership-kernel/membership-env.js';
import type { BankRuntime } from './bank/bank-purchase.js';
import { createOpsHandlers, type OpsDeps } from './ops/ops-handlers.js';
import { createPrintingHandlers, type PrintingDeps } from './printing/printing-handlers.js';
import { createDevicesHandlers, type DevicesDeps } from './devices/devices-handlers.js';
import { createSyncHandlers, type SyncDeps } from './sync/sync-handlers.js';
import { createFaceHandlers, type FaceDeps } from './face/face-handlers.js';
import { audit } from './audit/audit-log.js';
import { createReceiptsHandlers, type ReceiptsDeps } from './receipts/receipts-handlers.js';
import { createCatalogueHandlers } from './catalogue/catalogue-handlers.js';
import { createCounterHandlers } from './counter/counter-handlers.js';
import { createRulesEditorHandlers } from './loyalty/rules-editor-handlers.js';

/** Everything the domains need besides the context (worker hosts, device drivers, …). */
export type HandlerDeps = SystemDeps & MembershipDeps & OpsDeps & PrintingDeps & DevicesDeps & SyncDeps & FaceDeps & ReceiptsDeps & { bank?: BankRuntime };

/**
 * All handlers of the contract. Declared as `Handlers`: a call without a handler,
 * or a handler without a call, does not compile.
 */
export function createHandlers(ctx: ServiceContext, deps: HandlerDeps): Handlers {
  return {
    ...createSystemHandlers(ctx, deps),
    ...createMembershipHandlers(ctx, { ...deps, bankPort: () => deps.sync.bankPort() }),
    ...createOpsHandlers(ctx, deps),
    ...createPrintingHandlers(ctx, deps),
    ...createDevicesHandlers(ctx, deps),
    ...createSyncHandlers(ctx, deps),
    ...createFaceHandlers(
      deps,
      (notice) => ctx.events.emit('face.identified', { ...notice, at: ctx.clock.now().toISOString() }),
      (session, action, memberId, detail) => audit(ctx.db, ctx.clock.now(), session, action, memberId, detail),
    ),
    ...createReceiptsHandlers(ctx, deps),
    ...createCatalogueHandlers(ctx),
    ...createCounterHandlers(ctx),
    ...createRulesEditorHandlers(ctx),
  };
}
