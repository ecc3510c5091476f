import { describe, expect, it } from 'vitest';
import { draftIssues, emptyDraft, saveBody, yuanToFen } from './item-draft.js';

describe('the Items page form', () => {
  it('reads prices in yuan to whole fen, refusing negatives and a third decimal', () => {
    expect(yuanToFen('28')).toBe(2800);
    expect(yuanToFen('28.5')).toBe(2850);
    expect(yuanToFen(' 0.05 ')).toBe(5);
    expect(yuanToFen('-1')).toBeNull();
    expect(yuanToFen('1.005')).toBeNull();
    expect(yuanToFen('')).toBeNull();
  });

  it('names every problem before the request, with the rules HQ and the stores apply', () => {
    expect(draftIssues(emptyDraft())).toEqual(['items.issue.id', 'items.issue.text', 'items.issue.price']);
    const ok = { itemId: 'FLAT-WHITE', name: { 'zh-CN': '澳白', 'zh-TW': '澳白', en: ' Flat White ' }, category: { 'zh-CN': '咖啡', 'zh-TW': '咖啡', en: 'Coffee' }, priceYuan: '30', active: true };
    expect(draftIssues(ok)).toEqual([]);
    expect(draftIssues({ ...ok, itemId: 'bad id' })).toEqual(['items.issue.id']);
    expect(draftIssues({ ...ok, category: { ...ok.category, en: 'x'.repeat(41) } })).toEqual(['items.issue.text']);
    expect(saveBody(ok)).toEqual({ name: { ...ok.name, en: 'Flat White' }, category: ok.category, priceFen: 3000, active: true });
  });
});
