import type { syncCalls } from '../../contract/sync.js';
import type { DomainHandlers, ServiceContext } from '../../core/service-context.js';
import type { SyncRuntime } from './sync-service.js';

export interface SyncDeps {
  sync: SyncRuntime;
}

export function createSyncHandlers(_ctx: ServiceContext, deps: SyncDeps): DomainHandlers<keyof typeof syncCalls> {
  return {
    'sync.getStatus': () => deps.sync.status(),
    'sync.listParked': (args) => deps.sync.listParked(args.limit),
    'sync.syncNow': () => deps.sync.syncNow(),
    'sync.networkChanged': (args) => ({ probe: deps.sync.networkChanged(args.online) }),
    'sync.getMemberBank': (args) => deps.sync.memberBank(args.memberId),
  };
}
