import type { AppConfig } from './config.js';
import type { Clock } from './clock.js';
import type { EventBus } from './event-bus.js';
import type { Logger } from './logger.js';
import type { Db } from '../db/connection.js';
import type { CallContext } from '../contract/handlers.js';
import type { MethodName, ParsedArgsOf, ResultOf } from '../contract/index.js';

/** What every service gets: plain Node dependencies, never Electron. */
export interface ServiceContext {
  db: Db;
  config: AppConfig;
  dataDir: string;
  log: Logger;
  events: EventBus;
  clock: Clock;
  transport: 'electron' | 'browser-host' | 'in-process';
  appVersion: string;
  startedAt: Date;
  isDemo: boolean;
}

/** The handlers one domain provides for its own slice of the contract. */
export type DomainHandlers<M extends MethodName> = {
  [K in M]: (args: ParsedArgsOf<K>, ctx: CallContext) => Promise<ResultOf<K>> | ResultOf<K>;
};
