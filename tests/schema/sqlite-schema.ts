import type Database from 'better-sqlite3';
import { byName, normaliseSql, type ColumnModel, type IndexModel, type SchemaModel, type TableModel } from './schema-model.js';

/** Reads a live SQLite database (sqlite_schema and the table/index/foreign-key pragmas) into a SchemaModel. */
export function readSqliteSchema(db: Database.Database): SchemaModel {
  const objects = db
    .prepare("SELECT type, name, tbl_name AS tableName, sql FROM sqlite_schema WHERE name NOT LIKE 'sqlite_%' ORDER BY name")
    .all() as Array<{ type: string; name: string; tableName: string; sql: string | null }>;
  const tables: TableModel[] = [];
  const indexes: IndexModel[] = [];
  for (const o of objects.filter((x) => x.type === 'table')) {
    const { table, tableIndexes } = readTable(db, o.name, o.sql ?? '');
    tables.push(table);
    indexes.push(...tableIndexes);
  }
  return {
    tables,
    indexes: indexes.sort(byName),
    triggers: objects.filter((o) => o.type === 'trigger').map((o) => ({ name: o.name, table: o.tableName, definition: normaliseSql(o.sql ?? '') })),
    views: objects.filter((o) => o.type === 'view').map((o) => ({ name: o.name, definition: normaliseSql(o.sql ?? '') })),
  };
}

interface XInfo {
  name: string;
  type: string;
  notnull: number;
  dflt_value: string | null;
  pk: number;
  hidden: number;
}

function readTable(db: Database.Database, name: string, sql: string): { table: TableModel; tableIndexes: IndexModel[] } {
  const q = quoteIdent(name);
  const info = (db.pragma(`table_xinfo(${q})`) as XInfo[]).filter((c) => c.hidden === 0);
  const ddl = stripComments(sql);
  const open = ddl.indexOf('(');
  const close = matchingParen(ddl, open);
  const elements = splitTopLevel(ddl.slice(open + 1, close));
  const options = ddl
    .slice(close + 1)
    .split(',')
    .map((s) => s.trim().toUpperCase().replace(/\s+/g, ' '))
    .filter(Boolean);
  const primaryKey = info.filter((c) => c.pk > 0).sort((a, b) => a.pk - b.pk).map((c) => c.name);
  const isRowidAlias = (c: XInfo) => primaryKey.length === 1 && primaryKey[0] === c.name && c.type.toUpperCase() === 'INTEGER' && !options.includes('WITHOUT ROWID');
  const columns: ColumnModel[] = info.map((c) => ({
    name: c.name,
    type: c.type.toUpperCase(),
    // An INTEGER PRIMARY KEY is the rowid: it can never hold NULL even though the pragma says notnull = 0.
    isNullable: c.notnull === 0 && !isRowidAlias(c),
    defaultValue: c.dflt_value,
    isAutoIncrement: isRowidAlias(c) && elements.some((e) => startsWithIdent(e, c.name) && /\bAUTOINCREMENT\b/i.test(e)),
  }));

  const uniques: string[][] = [];
  const tableIndexes: IndexModel[] = [];
  const list = db.pragma(`index_list(${q})`) as Array<{ name: string; unique: number; origin: string; partial: number }>;
  for (const idx of list) {
    const keyColumns = indexColumns(db, idx.name);
    if (idx.origin === 'u') uniques.push(keyColumns);
    if (idx.origin !== 'c') continue;
    const indexSql = stripComments((db.prepare('SELECT sql FROM sqlite_schema WHERE name = ?').get(idx.name) as { sql: string }).sql);
    const listOpen = indexSql.indexOf('(');
    const listClose = matchingParen(indexSql, listOpen);
    const written = splitTopLevel(indexSql.slice(listOpen + 1, listClose));
    const where = /^\s*WHERE\s+([\s\S]*)$/i.exec(indexSql.slice(listClose + 1));
    tableIndexes.push({
      name: idx.name,
      table: name,
      isUnique: idx.unique === 1,
      columns: keyColumns.map((c, i) => (c === '' ? normaliseSql(written[i] ?? '?') : c)),
      where: where ? normaliseSql(where[1] ?? '') : null,
    });
  }
  uniques.sort((a, b) => a.join().localeCompare(b.join()));

  const fkRows = db.pragma(`foreign_key_list(${q})`) as Array<{ id: number; seq: number; table: string; from: string; to: string | null; on_update: string; on_delete: string }>;
  const foreignKeys = [...new Set(fkRows.map((r) => r.id))].map((id) => {
    const rows = fkRows.filter((r) => r.id === id).sort((a, b) => a.seq - b.seq);
    const first = rows[0]!;
    // REFERENCES t without columns means t's primary key.
    const refColumns = rows.every((r) => r.to !== null) ? rows.map((r) => r.to as string) : primaryKeyOf(db, first.table);
    return { columns: rows.map((r) => r.from), refTable: first.table, refColumns, onDelete: first.on_delete, onUpdate: first.on_update };
  });
  foreignKeys.sort((a, b) => a.columns.join().localeCompare(b.columns.join()));

  return { table: { name, options, columns, primaryKey, uniques, foreignKeys, checks: checkExpressions(ddl.slice(open + 1, close)) }, tableIndexes };
}

function indexColumns(db: Database.Database, index: string): string[] {
  const rows = db.pragma(`index_xinfo(${quoteIdent(index)})`) as Array<{ cid: number; name: string | null; desc: number; coll: string; key: number }>;
  return rows
    .filter((r) => r.key === 1)
    .map((r) => (r.cid === -2 ? '' : `${r.name}${r.desc ? ' DESC' : ''}${r.coll && r.coll !== 'BINARY' ? ` COLLATE ${r.coll}` : ''}`));
}

function primaryKeyOf(db: Database.Database, table: string): string[] {
  return (db.pragma(`table_info(${quoteIdent(table)})`) as XInfo[]).filter((c) => c.pk > 0).sort((a, b) => a.pk - b.pk).map((c) => c.name);
}

function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

function startsWithIdent(element: string, name: string): boolean {
  return new RegExp(`^["\`\\[]?${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}["\`\\]]?\\s`, 'i').test(element.trim() + ' ');
}

/** Removes -- and block comments outside string literals. */
function stripComments(sql: string): string {
  let out = '';
  for (let i = 0; i < sql.length; i++) {
    const ch = sql[i]!;
    if (ch === "'" || ch === '"') {
      const end = endOfQuoted(sql, i);
      out += sql.slice(i, end + 1);
      i = end;
    } else if (ch === '-' && sql[i + 1] === '-') {
      while (i < sql.length && sql[i] !== '\n') i++;
      out += ' ';
    } else if (ch === '/' && sql[i + 1] === '*') {
      i = sql.indexOf('*/', i + 2);
      if (i < 0) break;
      i++;
      out += ' ';
    } else out += ch;
  }
  return out;
}

function endOfQuoted(sql: string, start: number): number {
  const q = sql[start];
  for (let i = start + 1; i < sql.length; i++) {
    if (sql[i] === q) {
      if (sql[i + 1] === q) i++;
      else return i;
    }
  }
  return sql.length - 1;
}

function matchingParen(sql: string, open: number): number {
  let depth = 0;
  for (let i = open; i < sql.length; i++) {
    const ch = sql[i]!;
    if (ch === "'" || ch === '"') i = endOfQuoted(sql, i);
    else if (ch === '(') depth++;
    else if (ch === ')' && --depth === 0) return i;
  }
  throw new Error(`Unbalanced parentheses in: ${sql.slice(0, 80)}`);
}

/** Splits a column/constraint list at the commas that are not inside parentheses or quotes. */
function splitTopLevel(body: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < body.length; i++) {
    const ch = body[i]!;
    if (ch === "'" || ch === '"') i = endOfQuoted(body, i);
    else if (ch === '(') depth++;
    else if (ch === ')') depth--;
    else if (ch === ',' && depth === 0) {
      parts.push(body.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(body.slice(start));
  return parts.map((p) => p.trim()).filter(Boolean);
}

/** Every CHECK (…) in a table body, column-level or table-level, whitespace-normalised. */
function checkExpressions(body: string): string[] {
  const checks: string[] = [];
  const re = /\bCHECK\s*\(/gi;
  for (let m = re.exec(body); m; m = re.exec(body)) {
    if (insideQuotes(body, m.index)) continue;
    const open = m.index + m[0].length - 1;
    const close = matchingParen(body, open);
    checks.push(normaliseSql(body.slice(open, close + 1)));
    re.lastIndex = close;
  }
  return checks;
}

function insideQuotes(sql: string, at: number): boolean {
  for (let i = 0; i < at; i++) {
    const ch = sql[i]!;
    if (ch === "'" || ch === '"') {
      const end = endOfQuoted(sql, i);
      if (end >= at) return true;
      i = end;
    }
  }
  return false;
}
