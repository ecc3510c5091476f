/**
 * A database schema as plain data, read back from a live database (not from the migration text), so
 * the snapshot shows what migrations really produce and two engines can be compared. Names are
 * sorted; column order is kept (it is part of the schema a `SELECT *` or an INSERT without columns sees).
 */

export interface ColumnModel {
  name: string;
  /** The engine's own spelling: INTEGER / TEXT in SQLite, `timestamp with time zone` in PostgreSQL. */
  type: string;
  isNullable: boolean;
  /** Default expression as the engine reports it; null when none (or when it only feeds autoIncrement). */
  defaultValue: string | null;
  /** Filled from a sequence that never reuses a value (SQLite AUTOINCREMENT, PostgreSQL serial/identity). */
  isAutoIncrement: boolean;
}

export interface ForeignKeyModel {
  columns: string[];
  refTable: string;
  refColumns: string[];
  onDelete: string;
  onUpdate: string;
}

export interface TableModel {
  name: string;
  /** SQLite table options (STRICT, WITHOUT ROWID); PostgreSQL partitioning (PARTITION BY …). */
  options: string[];
  columns: ColumnModel[];
  primaryKey: string[];
  uniques: string[][];
  foreignKeys: ForeignKeyModel[];
  /** CHECK expressions, whitespace-normalised, in the engine's own spelling. */
  checks: string[];
}

export interface IndexModel {
  name: string;
  table: string;
  isUnique: boolean;
  columns: string[];
  where: string | null;
}

export interface TriggerModel {
  name: string;
  table: string;
  definition: string;
}

export interface SchemaModel {
  tables: TableModel[];
  indexes: IndexModel[];
  triggers: TriggerModel[];
  views: Array<{ name: string; definition: string }>;
}

/** Collapses whitespace and drops SQL comments, so layout and comments never count as a schema change. */
export function normaliseSql(sql: string): string {
  return sql
    .replace(/--[^\n]*/g, ' ')
    .replace(/\/\*[\s\S]*?\*\//g, ' ')
    .replace(/\s+/g, ' ')
    .replace(/\(\s+/g, '(')
    .replace(/\s+\)/g, ')')
    .replace(/\s+,/g, ',')
    .trim();
}

/** The readable snapshot: one block per table, then indexes, triggers and views. */
export function formatSchema(model: SchemaModel, header: string[]): string {
  const out = header.map((h) => `# ${h}`);
  for (const t of model.tables) {
    out.push('', `table ${t.name}${t.options.length ? ` (${t.options.join(', ')})` : ''}`);
    const width = Math.max(...t.columns.map((c) => c.name.length));
    const typeWidth = Math.max(...t.columns.map((c) => c.type.length));
    for (const c of t.columns) {
      const flags = [
        c.isNullable ? 'null' : 'not null',
        ...(c.defaultValue !== null ? [`default ${c.defaultValue}`] : []),
        ...(c.isAutoIncrement ? ['autoincrement'] : []),
      ];
      out.push(`  ${c.name.padEnd(width)}  ${c.type.padEnd(typeWidth)}  ${flags.join(', ')}`);
    }
    if (t.primaryKey.length) out.push(`  primary key (${t.primaryKey.join(', ')})`);
    for (const u of t.uniques) out.push(`  unique (${u.join(', ')})`);
    for (const f of t.foreignKeys) {
      out.push(`  foreign key (${f.columns.join(', ')}) references ${f.refTable} (${f.refColumns.join(', ')}) on delete ${f.onDelete} on update ${f.onUpdate}`);
    }
    for (const c of t.checks) out.push(`  check ${c}`);
  }
  if (model.indexes.length) out.push('');
  for (const i of model.indexes) {
    out.push(`${i.isUnique ? 'unique index' : 'index'} ${i.name} on ${i.table} (${i.columns.join(', ')})${i.where ? ` where ${i.where}` : ''}`);
  }
  for (const tr of model.triggers) out.push('', `trigger ${tr.name} on ${tr.table}`, `  ${tr.definition}`);
  for (const v of model.views) out.push('', `view ${v.name}`, `  ${v.definition}`);
  return `${out.join('\n')}\n`;
}

export function byName<T extends { name: string }>(a: T, b: T): number {
  return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
}
