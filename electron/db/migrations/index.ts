import type { Migration } from '../migration.js';
import { migration0001 } from './0001-foundation.js';

/**
 * Every migration the app ships, in increasing order. Numbers are never reused and shipped files never edited.
 * Numbers reserved while the first domains are built in parallel:
 *   2 membership · 3 face · 4 sync · 5 devices/printing · 6 operations
 */
export const migrations: readonly Migration[] = [migration0001];
