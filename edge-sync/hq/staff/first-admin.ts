import { recordHqAudit } from '../audit/hq-audit.js';
import type { HqDb } from '../db/hq-db.js';
import { createSetupLink, setupLinkUrl } from './setup-links.js';
import { insertStaff } from './staff-store.js';

/**
 * `npm run hq -- create-admin`: a chain admin without a password and the one-time link that sets it.
 * The chain is created when HQ has not heard of it yet (a fresh HQ has no stores). The audit entry has
 * no staff id: HQ's operator did it from the server's shell.
 */
export async function createChainAdmin(
  db: HqDb,
  opts: { chainId: string; username: string; displayName?: string; baseUrl: string; now: Date },
): Promise<{ staffId: string; setupLink: string; expiresAt: string }> {
  return db.tx(async (t) => {
    await t.query('INSERT INTO chains (chain_id, name, created_at) VALUES ($1, $2, $3) ON CONFLICT (chain_id) DO NOTHING', [opts.chainId, opts.chainId, opts.now.toISOString()]);
    const staff = await insertStaff(t, { chainId: opts.chainId, username: opts.username, displayName: opts.displayName ?? opts.username, role: 'chain_admin' }, opts.now);
    const link = await createSetupLink(t, staff, opts.now);
    await recordHqAudit(t, { chainId: opts.chainId, staffId: null, action: 'staff.created', subjectType: 'staff', subjectId: staff.staffId, detail: { role: 'chain_admin', via: 'cli' } }, opts.now);
    return { staffId: staff.staffId, setupLink: setupLinkUrl(opts.baseUrl, link.token), expiresAt: link.expiresAt };
  });
}
