import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appendOutboxEvent, OutboxRefusedError } from '../../edge-sync/client/outbox-append.js';
import { findTemplateLikeData } from '../../edge-sync/protocol/biometric-scan.js';
import { createMemoryLogger } from '../../electron/core/logger.js';
import { ordinaryCorpus, realTemplate, templateLikeCorpus, type CorpusEntry } from '../support/template-corpus.js';
import { membershipFixture, type MembershipFixture } from './membership-fixture.js';

/**
 * Issue 12: a real face template, encoded every way the corpus knows, is refused at the outbox and
 * removed by the logger; ordinary notes, tags and preferences pass both unchanged. (HQ's side of the
 * same corpus: tests/fault/hostile-device.test.ts.)
 */
let template: Float32Array;
let f: MembershipFixture;
beforeAll(async () => {
  template = await realTemplate();
  f = membershipFixture();
}, 60_000);
afterAll(() => f?.close());

function changedFor(entry: CorpusEntry): Record<string, unknown> {
  if ('text' in entry) return { notes: entry.text };
  if ('list' in entry) return { tags: entry.list };
  return { preferences: entry.record };
}

function queue(entry: CorpusEntry): void {
  const at = new Date('2026-11-20T08:00:00Z');
  f.db.transaction(() => {
    appendOutboxEvent(f.db, 'member.updated', { memberId: 'm-1', changed: changedFor(entry), at: at.toISOString() }, { memberId: 'm-1', occurredAt: at });
  })();
}

function logged(entry: CorpusEntry): string {
  const log = createMemoryLogger();
  log.info('member.note_saved', { memberId: 'm-1', ...changedFor(entry) });
  return log.lines.join('\n');
}

describe('the template-like corpus, from a real face-engine template', () => {
  it('is a real 128-d embedding and has at least 20 encodings', () => {
    expect(template.length).toBe(128);
    expect(Math.hypot(...template)).toBeCloseTo(1, 3);
    expect(templateLikeCorpus(template).length).toBeGreaterThanOrEqual(20);
  });

  it.each(templateLikeCorpus(new Float32Array(128)).map((e) => e.name))('%s: refused at the outbox and removed from logs', (name) => {
    const entry = templateLikeCorpus(template).find((e) => e.name === name) as CorpusEntry;
    expect(() => queue(entry)).toThrow(OutboxRefusedError);
    const line = logged(entry);
    expect(findTemplateLikeData(JSON.parse(line))).toEqual([]);
    expect(line).toContain('[biometric removed]');
  });
});

describe('the ordinary corpus', () => {
  it.each(ordinaryCorpus.map((e) => [e.name, e] as const))('%s: queued and logged as written', (_name, entry) => {
    expect(() => queue(entry)).not.toThrow();
    const line = logged(entry);
    expect(line).not.toContain('[biometric removed]');
    expect(line).not.toContain('removed]');
  });
});
