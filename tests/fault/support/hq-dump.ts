import type { HqDb } from '../../../edge-sync/hq/db/hq-db.js';

/**
 * Every row of every HQ table as one text, in a stable order (all columns), so a test can say
 * "this request changed nothing at HQ" by comparing two dumps byte for byte.
 */
export async function dumpHq(db: HqDb): Promise<string> {
  const tables =
    db.dialect === 'postgres'
      ? (await db.query<{ t: string }>("SELECT table_name AS t FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY 1")).map((r) => r.t)
      : (await db.query<{ t: string }>("SELECT name AS t FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY 1")).map((r) => r.t);
  const out: string[] = [];
  for (const table of tables) {
    const cols =
      db.dialect === 'postgres'
        ? (await db.query<{ c: string }>('SELECT column_name AS c FROM information_schema.columns WHERE table_schema = $1 AND table_name = $2 ORDER BY ordinal_position', ['public', table])).map((r) => r.c)
        : (await db.query<{ c: string }>(`SELECT name AS c FROM pragma_table_info('${table}') ORDER BY cid`)).map((r) => r.c);
    const order = cols.map((c) => (db.dialect === 'postgres' ? `"${c}"::text` : `"${c}"`)).join(', ');
    const rows = await db.query(`SELECT * FROM ${table} ORDER BY ${order}`);
    out.push(`## ${table} (${rows.length})`, ...rows.map((r) => JSON.stringify(r)));
  }
  return out.join('\n');
}
