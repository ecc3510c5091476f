import type pg from 'pg';
import { byName, normaliseSql, type SchemaModel, type TableModel } from './schema-model.js';

const ACTIONS: Record<string, string> = { a: 'NO ACTION', r: 'RESTRICT', c: 'CASCADE', n: 'SET NULL', d: 'SET DEFAULT' };

/**
 * Reads the `public` schema of a live PostgreSQL database from pg_catalog into a SchemaModel.
 * Partitions are left out (their parent is the table the application sees).
 */
export async function readPostgresSchema(client: pg.Client | pg.PoolClient): Promise<SchemaModel> {
  const tableRows = (
    await client.query<{ oid: number; name: string; partition: string | null }>(
      `SELECT c.oid, c.relname AS name, CASE WHEN c.relkind = 'p' THEN pg_get_partkeydef(c.oid) END AS partition
         FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') AND NOT c.relispartition
        ORDER BY c.relname`,
    )
  ).rows;

  const tables: TableModel[] = [];
  for (const t of tableRows) {
    const columns = (
      await client.query<{ attnum: number; name: string; type: string; notnull: boolean; def: string | null; identity: string }>(
        `SELECT a.attnum, a.attname AS name, format_type(a.atttypid, a.atttypmod) AS type, a.attnotnull AS notnull,
                pg_get_expr(d.adbin, d.adrelid) AS def, a.attidentity AS identity
           FROM pg_attribute a LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
          WHERE a.attrelid = $1 AND a.attnum > 0 AND NOT a.attisdropped
          ORDER BY a.attnum`,
        [t.oid],
      )
    ).rows;
    const nameOf = new Map(columns.map((c) => [c.attnum, c.name]));
    const constraints = (
      await client.query<{ type: string; keys: number[]; refTable: string | null; refKeys: number[] | null; onDelete: string; onUpdate: string; def: string }>(
        `SELECT con.contype AS type, con.conkey AS keys, rc.relname AS "refTable", con.confkey AS "refKeys",
                con.confdeltype AS "onDelete", con.confupdtype AS "onUpdate", pg_get_constraintdef(con.oid) AS def
           FROM pg_constraint con LEFT JOIN pg_class rc ON rc.oid = con.confrelid
          WHERE con.conrelid = $1 AND con.contype IN ('p', 'u', 'f', 'c')
          ORDER BY con.conname`,
        [t.oid],
      )
    ).rows;
    const names = (keys: number[]) => keys.map((k) => nameOf.get(k) ?? `#${k}`);
    const foreignKeys = [];
    for (const f of constraints.filter((c) => c.type === 'f')) {
      const refNames = (
        await client.query<{ name: string }>(
          `SELECT a.attname AS name FROM unnest($2::int2[]) WITH ORDINALITY k(attnum, ord)
             JOIN pg_attribute a ON a.attrelid = (SELECT oid FROM pg_class WHERE relname = $1 AND relnamespace = 'public'::regnamespace) AND a.attnum = k.attnum
            ORDER BY k.ord`,
          [f.refTable, f.refKeys],
        )
      ).rows.map((r) => r.name);
      foreignKeys.push({ columns: names(f.keys), refTable: f.refTable ?? '?', refColumns: refNames, onDelete: ACTIONS[f.onDelete] ?? f.onDelete, onUpdate: ACTIONS[f.onUpdate] ?? f.onUpdate });
    }
    foreignKeys.sort((a, b) => a.columns.join().localeCompare(b.columns.join()));
    tables.push({
      name: t.name,
      options: t.partition ? [`PARTITION BY ${t.partition}`] : [],
      columns: columns.map((c) => {
        const isSequence = c.identity !== '' || (c.def !== null && /^nextval\(/.test(c.def));
        return { name: c.name, type: c.type, isNullable: !c.notnull, defaultValue: isSequence ? null : c.def, isAutoIncrement: isSequence };
      }),
      primaryKey: names(constraints.find((c) => c.type === 'p')?.keys ?? []),
      uniques: constraints
        .filter((c) => c.type === 'u')
        .map((c) => names(c.keys))
        .sort((a, b) => a.join().localeCompare(b.join())),
      foreignKeys,
      checks: constraints.filter((c) => c.type === 'c').map((c) => normaliseSql(c.def.replace(/^CHECK\s*/i, ''))),
    });
  }

  const indexes = (
    await client.query<{ name: string; table: string; unique: boolean; columns: string[]; predicate: string | null }>(
      `SELECT ic.relname AS name, tc.relname AS table, i.indisunique AS unique,
              array(SELECT pg_get_indexdef(i.indexrelid, k, true) FROM generate_series(1, i.indnkeyatts) k) AS columns,
              pg_get_expr(i.indpred, i.indrelid, true) AS predicate
         FROM pg_index i
         JOIN pg_class ic ON ic.oid = i.indexrelid
         JOIN pg_class tc ON tc.oid = i.indrelid
         JOIN pg_namespace n ON n.oid = tc.relnamespace
        WHERE n.nspname = 'public' AND NOT tc.relispartition
          AND NOT EXISTS (SELECT 1 FROM pg_constraint con WHERE con.conindid = i.indexrelid AND con.conrelid = i.indrelid)
        ORDER BY ic.relname`,
    )
  ).rows.map((r) => ({ name: r.name, table: r.table, isUnique: r.unique, columns: r.columns, where: r.predicate }));

  const triggers = (
    await client.query<{ name: string; table: string; def: string }>(
      `SELECT t.tgname AS name, c.relname AS table, pg_get_triggerdef(t.oid) AS def
         FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = 'public' AND NOT t.tgisinternal AND NOT c.relispartition
        ORDER BY t.tgname`,
    )
  ).rows.map((r) => ({ name: r.name, table: r.table, definition: normaliseSql(r.def) }));

  const views = (
    await client.query<{ name: string; def: string }>(
      `SELECT c.relname AS name, pg_get_viewdef(c.oid, true) AS def FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = 'public' AND c.relkind IN ('v', 'm') ORDER BY c.relname`,
    )
  ).rows.map((r) => ({ name: r.name, definition: normaliseSql(r.def) }));

  return { tables, indexes: indexes.sort(byName), triggers, views };
}
