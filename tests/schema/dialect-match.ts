import type { ColumnModel, SchemaModel } from './schema-model.js';

/**
 * What a PostgreSQL column type means, and the SQLite type that must hold the same values.
 * SQLite has five storage classes, so timestamps (ISO-8601 text, as HqDb returns them) and JSON
 * bodies are TEXT there; every integer width is INTEGER.
 */
const PG_TYPES: Record<string, { logical: string; sqlite: string }> = {
  text: { logical: 'text', sqlite: 'TEXT' },
  'character varying': { logical: 'text', sqlite: 'TEXT' },
  uuid: { logical: 'text', sqlite: 'TEXT' },
  smallint: { logical: 'integer', sqlite: 'INTEGER' },
  integer: { logical: 'integer', sqlite: 'INTEGER' },
  bigint: { logical: 'integer', sqlite: 'INTEGER' },
  boolean: { logical: 'boolean', sqlite: 'INTEGER' },
  'double precision': { logical: 'real', sqlite: 'REAL' },
  real: { logical: 'real', sqlite: 'REAL' },
  bytea: { logical: 'bytes', sqlite: 'BLOB' },
  'timestamp with time zone': { logical: 'timestamp', sqlite: 'TEXT' },
  jsonb: { logical: 'json', sqlite: 'TEXT' },
  json: { logical: 'json', sqlite: 'TEXT' },
};

function pgType(type: string): { logical: string; sqlite: string } | undefined {
  return PG_TYPES[type.replace(/\(.*\)$/, '')];
}

/** Literal defaults as both engines print them: PostgreSQL adds casts ('x'::text) and parentheses. */
function normaliseDefault(value: string | null): string | null {
  if (value === null) return null;
  return value.replace(/::[a-z ]+(\[\])?/gi, '').replace(/^\((.*)\)$/, '$1').trim();
}

function normaliseWhere(where: string | null): string | null {
  return where === null ? null : where.replace(/[()]/g, '').replace(/\s+/g, ' ').trim().toLowerCase();
}

const key = (cols: readonly string[]) => cols.join(', ');

/**
 * Every difference between HQ's PostgreSQL and SQLite schemas that the repository could notice:
 * tables, columns, logical types, nullability, defaults, sequences, primary keys, unique constraints,
 * indexes and foreign keys. Each is one sentence naming the table and column.
 */
export function dialectDrift(postgres: SchemaModel, sqlite: SchemaModel): string[] {
  const drift: string[] = [];
  const pgTables = new Map(postgres.tables.map((t) => [t.name, t]));
  const liteTables = new Map(sqlite.tables.map((t) => [t.name, t]));
  for (const name of pgTables.keys()) if (!liteTables.has(name)) drift.push(`table ${name} exists only in PostgreSQL`);
  for (const name of liteTables.keys()) if (!pgTables.has(name)) drift.push(`table ${name} exists only in SQLite`);

  for (const [name, pg] of pgTables) {
    const lite = liteTables.get(name);
    if (!lite) continue;
    const liteColumns = new Map(lite.columns.map((c) => [c.name, c]));
    const pgColumns = new Map(pg.columns.map((c) => [c.name, c]));
    for (const c of pg.columns) if (!liteColumns.has(c.name)) drift.push(`${name}.${c.name} exists only in PostgreSQL`);
    for (const c of lite.columns) if (!pgColumns.has(c.name)) drift.push(`${name}.${c.name} exists only in SQLite`);
    for (const p of pg.columns) {
      const l = liteColumns.get(p.name);
      if (l) drift.push(...columnDrift(`${name}.${p.name}`, p, l));
    }
    if (key(pg.primaryKey) !== key(lite.primaryKey)) drift.push(`${name}: primary key (${key(pg.primaryKey)}) in PostgreSQL but (${key(lite.primaryKey)}) in SQLite`);
    const pgUniques = new Set(pg.uniques.map(key));
    const liteUniques = new Set(lite.uniques.map(key));
    for (const u of pgUniques) if (!liteUniques.has(u)) drift.push(`${name}: unique (${u}) only in PostgreSQL`);
    for (const u of liteUniques) if (!pgUniques.has(u)) drift.push(`${name}: unique (${u}) only in SQLite`);
    const fk = (f: SchemaModel['tables'][number]['foreignKeys'][number]) => `(${key(f.columns)}) references ${f.refTable} (${key(f.refColumns)}) on delete ${f.onDelete} on update ${f.onUpdate}`;
    const pgFks = new Set(pg.foreignKeys.map(fk));
    const liteFks = new Set(lite.foreignKeys.map(fk));
    for (const f of pgFks) if (!liteFks.has(f)) drift.push(`${name}: foreign key ${f} only in PostgreSQL`);
    for (const f of liteFks) if (!pgFks.has(f)) drift.push(`${name}: foreign key ${f} only in SQLite`);
  }

  const liteIndexes = new Map(sqlite.indexes.map((i) => [i.name, i]));
  const pgIndexes = new Map(postgres.indexes.map((i) => [i.name, i]));
  for (const [name, p] of pgIndexes) {
    const l = liteIndexes.get(name);
    if (!l) {
      drift.push(`index ${name} on ${p.table} (${key(p.columns)}) exists only in PostgreSQL`);
      continue;
    }
    const describe = (i: typeof p) => `${i.isUnique ? 'unique ' : ''}on ${i.table} (${key(i.columns)})${i.where ? ` where ${normaliseWhere(i.where)}` : ''}`;
    const same = l.table === p.table && key(l.columns) === key(p.columns) && l.isUnique === p.isUnique && normaliseWhere(l.where) === normaliseWhere(p.where);
    if (!same) drift.push(`index ${name}: ${describe(p)} in PostgreSQL but ${describe(l)} in SQLite`);
  }
  for (const [name, l] of liteIndexes) if (!pgIndexes.has(name)) drift.push(`index ${name} on ${l.table} (${key(l.columns)}) exists only in SQLite`);
  return drift;
}

function columnDrift(where: string, pg: ColumnModel, lite: ColumnModel): string[] {
  const drift: string[] = [];
  const mapped = pgType(pg.type);
  if (!mapped) drift.push(`${where}: PostgreSQL type ${pg.type} has no SQLite counterpart in tests/schema/dialect-match.ts`);
  else if (mapped.sqlite !== lite.type) drift.push(`${where}: ${pg.type} (${mapped.logical}) in PostgreSQL but ${lite.type} in SQLite, which should be ${mapped.sqlite}`);
  if (pg.isNullable !== lite.isNullable) drift.push(`${where}: ${pg.isNullable ? 'nullable' : 'NOT NULL'} in PostgreSQL but ${lite.isNullable ? 'nullable' : 'NOT NULL'} in SQLite`);
  if (pg.isAutoIncrement !== lite.isAutoIncrement) drift.push(`${where}: ${pg.isAutoIncrement ? 'a sequence' : 'no sequence'} in PostgreSQL but ${lite.isAutoIncrement ? 'AUTOINCREMENT' : 'no AUTOINCREMENT'} in SQLite`);
  if (normaliseDefault(pg.defaultValue) !== normaliseDefault(lite.defaultValue)) {
    drift.push(`${where}: default ${pg.defaultValue ?? 'none'} in PostgreSQL but ${lite.defaultValue ?? 'none'} in SQLite`);
  }
  return drift;
}

/** Columns only (names, logical types, nullability): for schemas whose keys differ on purpose. */
export function columnDriftOnly(expected: SchemaModel, actual: SchemaModel, actualLabel: string): string[] {
  const drift: string[] = [];
  const actualTables = new Map(actual.tables.map((t) => [t.name, t]));
  for (const t of expected.tables) {
    const a = actualTables.get(t.name);
    if (!a) {
      drift.push(`table ${t.name} is missing from ${actualLabel}`);
      continue;
    }
    const cols = new Map(a.columns.map((c) => [c.name, c]));
    for (const c of t.columns) {
      const other = cols.get(c.name);
      if (!other) drift.push(`${t.name}.${c.name} is missing from ${actualLabel}`);
      else if (other.type !== c.type || other.isNullable !== c.isNullable) {
        drift.push(`${t.name}.${c.name}: ${c.type}${c.isNullable ? '' : ' NOT NULL'} in the single-node schema but ${other.type}${other.isNullable ? '' : ' NOT NULL'} in ${actualLabel}`);
      }
    }
    for (const c of a.columns) if (!t.columns.some((x) => x.name === c.name)) drift.push(`${t.name}.${c.name} exists only in ${actualLabel}`);
  }
  for (const t of actual.tables) if (!expected.tables.some((x) => x.name === t.name)) drift.push(`table ${t.name} exists only in ${actualLabel}`);
  return drift;
}
