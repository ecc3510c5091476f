import type { systemCalls } from '../../contract/system.js';
import { schemaVersion } from '../../db/connection.js';
import type { DomainHandlers, ServiceContext } from '../../core/service-context.js';
import type { WorkerStatus } from '../../workers/worker-host.js';

export interface SystemDeps {
  workerStatus: () => WorkerStatus;
}

export function createSystemHandlers(ctx: ServiceContext, deps: SystemDeps): DomainHandlers<keyof typeof systemCalls> {
  return {
    'system.getInfo': () => ({
      appName: 'Member Kiosk',
      appVersion: ctx.appVersion,
      transport: ctx.transport,
      store: { id: ctx.config.store.id, name: ctx.config.store.name, timeZone: ctx.config.store.timeZone },
      locale: ctx.config.ui.locale,
      schemaVersion: schemaVersion(ctx.db),
      isDemo: ctx.isDemo,
      hqConfigured: ctx.config.hq.url !== null,
      startedAt: ctx.startedAt.toISOString(),
    }),
    'system.ping': (args) => ({ echo: args.echo ?? null, at: ctx.clock.now().toISOString() }),
    'system.getWorkerStatus': () => deps.workerStatus(),
  };
}
