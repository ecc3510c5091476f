import type { Migration } from '../migration.js';
import { migration0001 } from './0001-foundation.js';
import { migration0002 } from './0002-membership.js';
import { migration0003 } from './0003-face.js';
import { migration0004 } from './0004-sync.js';
import { migration0005 } from './0005-printing.js';

/**
 * Every migration the app ships, in increasing order. Numbers are never reused and shipped files never edited.
 * Numbers reserved while the first domains are built in parallel:
 *   2 membership · 3 face · 4 sync · 5 devices/printing · 6 operations
 */
export const migrations: readonly Migration[] = [migration0001, migration0002, migration0003, migration0004, migration0005];
