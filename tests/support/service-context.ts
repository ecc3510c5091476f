import type { AppConfig } from '../../electron/core/config.js';
import type { Clock } from '../../electron/core/clock.js';
import { EventBus } from '../../electron/core/event-bus.js';
import { createLogger } from '../../electron/core/logger.js';
import type { ServiceContext } from '../../electron/core/service-context.js';
import type { Db } from '../../electron/db/connection.js';

/** What a store fixture (membershipFixture and the like) has that a ServiceContext is built from. */
export interface StoreFixtureParts {
  db: Db;
  config: AppConfig;
  clock: Clock;
  dir: string;
}

/**
 * The ServiceContext the in-process transport gives handlers, over a test's own store: quiet logs,
 * a fresh event bus, and the fixture's clock for the start time (so nothing depends on today's date).
 * `overrides`: what the test needs to hold itself (the event bus it listens to, a logger it reads).
 */
export function serviceContextOf(f: StoreFixtureParts, overrides: Partial<ServiceContext> = {}): ServiceContext {
  return {
    db: f.db,
    config: f.config,
    clock: f.clock,
    log: createLogger({ level: 'error', sink: () => {} }),
    events: new EventBus(),
    dataDir: f.dir,
    transport: 'in-process',
    appVersion: 'test',
    startedAt: f.clock.now(),
    isDemo: false,
    ...overrides,
  };
}
