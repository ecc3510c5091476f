import { describe, expect, it } from 'vitest';
import { dialectDrift } from './dialect-match.js';
import type { SchemaModel, TableModel } from './schema-model.js';

const column = (name: string, type: string, extra: Partial<TableModel['columns'][number]> = {}) => ({ name, type, isNullable: false, defaultValue: null, isAutoIncrement: false, ...extra });

function schema(tables: TableModel[], indexes: SchemaModel['indexes'] = []): SchemaModel {
  return { tables, indexes, triggers: [], views: [] };
}

const pgEvents: TableModel = {
  name: 'events',
  options: [],
  columns: [column('hq_seq', 'bigint', { isAutoIncrement: true }), column('payload', 'jsonb'), column('at', 'timestamp with time zone'), column('uses', 'integer', { defaultValue: '0' })],
  primaryKey: ['hq_seq'],
  uniques: [],
  foreignKeys: [],
  checks: [],
};
const liteEvents: TableModel = {
  ...pgEvents,
  options: ['STRICT'],
  columns: [column('hq_seq', 'INTEGER', { isAutoIncrement: true }), column('payload', 'TEXT'), column('at', 'TEXT'), column('uses', 'INTEGER', { defaultValue: '0' })],
};

describe('HQ dialect comparison', () => {
  it('accepts the engines spelling the same thing differently', () => {
    expect(dialectDrift(schema([pgEvents]), schema([liteEvents]))).toEqual([]);
  });

  it('names each kind of drift', () => {
    const lite: TableModel = {
      ...liteEvents,
      columns: [column('hq_seq', 'INTEGER'), column('payload', 'INTEGER'), column('at', 'TEXT', { isNullable: true }), column('extra', 'TEXT')],
      uniques: [['payload']],
    };
    expect(dialectDrift(schema([pgEvents], [{ name: 'events_at', table: 'events', isUnique: false, columns: ['at'], where: null }]), schema([lite]))).toEqual([
      'events.uses exists only in PostgreSQL',
      'events.extra exists only in SQLite',
      'events.hq_seq: a sequence in PostgreSQL but no AUTOINCREMENT in SQLite',
      'events.payload: jsonb (json) in PostgreSQL but INTEGER in SQLite, which should be TEXT',
      'events.at: NOT NULL in PostgreSQL but nullable in SQLite',
      'events: unique (payload) only in SQLite',
      'index events_at on events (at) exists only in PostgreSQL',
    ]);
  });
});
