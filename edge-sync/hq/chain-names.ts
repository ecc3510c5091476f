import type { HqDb } from './db/hq-db.js';

/**
 * Names the console shows instead of ids: stores by their name, HQ staff by their display name. Both
 * are read within one chain (the signed-in staff member's), so an id of another chain, or one that
 * names no store (an erasure request filed at 'hq'), has no name: null, and the console shows the id.
 * For ids that sit in documents (a campaign's segment, a catalogue version's stores); ids in table rows
 * get their names by a join in the row's own query.
 */
export type NameOf = (id: string | null | undefined) => string | null;

export async function storeNamesOf(db: HqDb, chainId: string): Promise<NameOf> {
  const rows = await db.query<{ store_id: string; name: string }>('SELECT store_id, name FROM stores WHERE chain_id = $1', [chainId]);
  const names = new Map(rows.map((r) => [r.store_id, r.name]));
  return (id) => (id ? (names.get(id) ?? null) : null);
}

export async function staffNamesOf(db: HqDb, chainId: string): Promise<NameOf> {
  const rows = await db.query<{ staff_id: string; display_name: string }>('SELECT staff_id, display_name FROM hq_staff WHERE chain_id = $1', [chainId]);
  const names = new Map(rows.map((r) => [r.staff_id, r.display_name]));
  return (id) => (id ? (names.get(id) ?? null) : null);
}

/** The names of the given store ids that have one, as an object for an answer (`storeNames`). */
export function namesFor(ids: Iterable<string>, nameOf: NameOf): Record<string, string> {
  const out: Record<string, string> = {};
  for (const id of ids) {
    const name = nameOf(id);
    if (name !== null) out[id] = name;
  }
  return out;
}
