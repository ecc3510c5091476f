import type { HqDb } from '../edge-sync/hq/db/hq-db.js';

/**
 * Extra figures `npm run bench -- hq` prints (issue 13 "Figures"): each hook gets the loaded HQ
 * database and returns named numbers, e.g. online redemption authorisation latency p50/p95 on
 * loopback (the member bank adds its hook here). The database is a scratch copy: hooks may write.
 */
export type HqFigureHook = (ctx: { db: HqDb; pgUrl: string; chainId: string; log: (m: string) => void }) => Promise<Record<string, number>>;

export const hqFigureHooks: HqFigureHook[] = [];
