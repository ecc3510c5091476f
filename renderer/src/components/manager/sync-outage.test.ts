import { describe, expect, it } from 'vitest';
import { translate } from '../../i18n/catalogue.js';
import { formatAgo, formatDateTime, formatIn, formatTime } from '../../i18n/format.js';
import type { Locale } from '../../i18n/locales.js';
import { syncOutageLines } from './sync-outage.js';

const now = Date.parse('2026-11-20T04:25:20.000Z'); // 12:25:20 in Shanghai
const backingOff = {
  state: 'backing_off' as const,
  pending: 240,
  parked: 0,
  oldestPendingAgeMs: 25 * 60_000,
  lastSuccessAt: '2026-11-20T03:59:00.000Z',
  lastError: 'HQ unreachable: ECONNREFUSED',
  nextAttemptAt: '2026-11-20T04:26:00.000Z',
  unreachableSince: '2026-11-20T04:00:20.000Z',
};

function sentences(locale: Locale, upload: typeof backingOff | (Omit<typeof backingOff, 'state' | 'nextAttemptAt' | 'unreachableSince'> & { state: typeof backingOff.state | 'stopped' | 'uploading' | 'idle'; nextAttemptAt: string | null; unreachableSince: string | null })): string[] {
  const f = {
    dateTime: (iso: string) => formatDateTime(iso, locale, 'Asia/Shanghai'),
    time: (iso: string) => formatTime(iso, locale, 'Asia/Shanghai'),
    ago: (ms: number) => formatAgo(ms, locale),
    fromNow: (ms: number) => formatIn(ms, locale),
  };
  return syncOutageLines(upload, now, f).map((l) => translate(locale, l.key, l.params));
}

describe('the sync panel during an outage', () => {
  it('says since when HQ is unreachable and when the next attempt is, in words, in all three languages', () => {
    expect(sentences('en', backingOff)).toEqual([
      'HQ unreachable since Nov 20, 2026, 12:00 (25 minutes ago)',
      'Next automatic attempt in 40 seconds (at 12:26); sooner, within seconds, when the network comes back or a sale is made',
    ]);
    expect(sentences('zh-CN', backingOff)).toEqual(['自 2026年11月20日 12:00 起无法连接总部（25分钟前）', '下次自动重试：40秒钟后（12:26）；网络恢复或有新交易时，几秒内就会重试']);
    // zh-TW's date and time are joined by a thin space (U+2009) in ICU.
    expect(sentences('zh-TW', backingOff)).toEqual(['自 2026/11/20\u200912:00 起無法連線總部（25 分鐘前）', '下次自動重試：40 秒後（12:26）；網路恢復或有新交易時，幾秒內就會重試']);
  });

  it('says "retrying now" once the attempt is due or under way, and that nothing retries while sync is stopped', () => {
    expect(sentences('en', { ...backingOff, nextAttemptAt: '2026-11-20T04:25:00.000Z' })[1]).toBe('Retrying now');
    expect(sentences('en', { ...backingOff, state: 'uploading', nextAttemptAt: null })[1]).toBe('Retrying now');
    expect(sentences('zh-CN', { ...backingOff, state: 'stopped', nextAttemptAt: null })[1]).toBe('同步未运行，暂无重试计划');
  });

  it('says nothing while uploads get through', () => {
    expect(sentences('en', { ...backingOff, state: 'idle', nextAttemptAt: null, unreachableSince: null })).toEqual([]);
  });
});
