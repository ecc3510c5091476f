import type { Migration } from '../migration.js';
import { migration0001 } from './0001-foundation.js';
import { migration0002 } from './0002-membership.js';
import { migration0003 } from './0003-face.js';
import { migration0004 } from './0004-sync.js';
import { migration0005 } from './0005-printing.js';
import { migration0006 } from './0006-no-face-images.js';
import { migration0007 } from './0007-face-visit-templates.js';
import { migration0008 } from './0008-consents-append-only.js';
import { migration0009 } from './0009-pin-lookup-key-out-of-db.js';
import { migration0010 } from './0010-member-cards.js';
import { migration0011 } from './0011-item-catalogue.js';
import { migration0012 } from './0012-member-browse-index.js';
import { migration0013 } from './0013-audit-retention.js';
import { migration0014 } from './0014-print-member-documents.js';
import { migration0015 } from './0015-hq-rules-versions.js';
import { migration0016 } from './0016-member-bank.js';
import { migration0017 } from './0017-bank-intents.js';
import { migration0018 } from './0018-member-link-keys.js';
import { migration0019 } from './0019-hq-catalogue-versions.js';
import { migration0020 } from './0020-local-rules-versions.js';
import { migration0021 } from './0021-coupon-terms.js';
import { migration0022 } from './0022-hq-deferred-changes.js';

/**
 * Every migration the app ships, in increasing order. Numbers are never reused and shipped files never
 * edited: the checksums in ../migrations.lock.json pin them (tests/schema/migration-lock.test.ts).
 * To add one: a new NNNN-name.ts with the next number, listed here, then `npm run migrations:lock`
 * (pins it) and `npm run schema:snapshot` (updates tests/schema/snapshots/store.schema.txt); commit all three.
 */
export const migrations: readonly Migration[] = [
  migration0001,
  migration0002,
  migration0003,
  migration0004,
  migration0005,
  migration0006,
  migration0007,
  migration0008,
  migration0009,
  migration0010,
  migration0011,
  migration0012,
  migration0013,
  migration0014,
  migration0015,
  migration0016,
  migration0017,
  migration0018,
  migration0019,
  migration0020,
  migration0021,
  migration0022,
];
