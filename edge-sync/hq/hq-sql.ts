import type { HqDb, Row } from './db/hq-db.js';

// SQL that reads the same on both engines (db/hq-db.ts), shared by the repository's parts.

const CHUNK = 400;

export type PgType = 'text' | 'int' | 'bigint' | 'jsonb' | 'timestamptz';
export type Column = readonly [name: string, pgType: PgType];

/**
 * Inserts many rows in one statement. PostgreSQL: one array parameter per column through unnest
 * (parsing a statement with thousands of placeholders costs more than the insert itself);
 * SQLite: multi-row VALUES in chunks.
 */
export async function bulkInsert(t: HqDb, table: string, cols: readonly Column[], rows: unknown[][], tail: string): Promise<Row[]> {
  if (rows.length === 0) return [];
  const names = cols.map(([n]) => n).join(', ');
  if (t.dialect === 'postgres') {
    const arrays = cols.map((_, i) => rows.map((r) => r[i] ?? null));
    const select = cols.map(([n, type]) => (type === 'jsonb' || type === 'timestamptz' ? `u.${n}::${type}` : `u.${n}`)).join(', ');
    const params = cols.map(([, type], i) => `$${i + 1}::${type === 'int' || type === 'bigint' ? type : 'text'}[]`).join(', ');
    return t.query(`INSERT INTO ${table} (${names}) SELECT ${select} FROM unnest(${params}) AS u(${names}) ${tail}`, arrays);
  }
  const out: Row[] = [];
  for (const part of chunks(rows, CHUNK)) {
    const params: unknown[] = [];
    const values = part.map((r) => {
      params.push(...r);
      return `(${placeholders(cols.length, params.length - cols.length + 1)})`;
    });
    out.push(...(await t.query(`INSERT INTO ${table} (${names}) VALUES ${values.join(', ')} ${tail}`, params)));
  }
  return out;
}

/** `column` is one of a list: one array parameter on PostgreSQL, a placeholder per value on SQLite. */
export function anyOf(t: HqDb, column: string, firstParam: number, count: number): string {
  return t.dialect === 'postgres' ? `${column} = ANY($${firstParam}::text[])` : `${column} IN (${placeholders(count, firstParam)})`;
}

export function listParam(t: HqDb, values: string[]): unknown[] {
  return t.dialect === 'postgres' ? [values] : values;
}

export function parseJson(v: unknown): unknown {
  return typeof v === 'string' ? JSON.parse(v) : v;
}

export function placeholders(n: number, start: number): string {
  return Array.from({ length: n }, (_, i) => `$${start + i}`).join(', ');
}

function chunks<T>(list: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < list.length; i += size) out.push(list.slice(i, i + size));
  return out;
}
