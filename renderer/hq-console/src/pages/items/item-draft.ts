import { parseYuanToFen } from '../../../../src/i18n/money-input.js';
import type { HqCatalogueItem, LocalizedText } from '../../api/types.js';

/** The item form's values as typed (price in yuan, as text) and the checks HQ and the stores make. */
export interface ItemDraft {
  itemId: string;
  name: LocalizedText;
  category: LocalizedText;
  priceYuan: string;
  active: boolean;
}

export type ItemIssue = 'items.issue.id' | 'items.issue.text' | 'items.issue.price';

const ITEM_ID = /^[A-Za-z0-9][A-Za-z0-9_-]{0,39}$/;
const LOCALES = ['zh-CN', 'zh-TW', 'en'] as const;

export const emptyDraft = (): ItemDraft => ({ itemId: '', name: { 'zh-CN': '', 'zh-TW': '', en: '' }, category: { 'zh-CN': '', 'zh-TW': '', en: '' }, priceYuan: '', active: true });

export function draftOf(item: HqCatalogueItem): ItemDraft {
  return { itemId: item.itemId, name: { ...item.name }, category: { ...item.category }, priceYuan: (item.priceFen / 100).toFixed(2), active: item.active };
}

/** "12.5" → 1250 (the store's parser: string arithmetic, never a float); null above HQ's price limit too. */
export function yuanToFen(text: string): number | null {
  const fen = parseYuanToFen(text);
  return fen !== null && fen <= 100_000_000 ? fen : null;
}

export function draftIssues(d: ItemDraft): ItemIssue[] {
  const issues: ItemIssue[] = [];
  if (!ITEM_ID.test(d.itemId)) issues.push('items.issue.id');
  const texts = LOCALES.flatMap((l) => [d.name[l], d.category[l]]);
  if (texts.some((t) => t.trim().length < 1 || t.trim().length > 40)) issues.push('items.issue.text');
  if (yuanToFen(d.priceYuan) === null) issues.push('items.issue.price');
  return issues;
}

/** The PUT body for a draft without issues. */
export function saveBody(d: ItemDraft): { name: LocalizedText; category: LocalizedText; priceFen: number; active: boolean } {
  const trim = (t: LocalizedText): LocalizedText => ({ 'zh-CN': t['zh-CN'].trim(), 'zh-TW': t['zh-TW'].trim(), en: t.en.trim() });
  return { name: trim(d.name), category: trim(d.category), priceFen: yuanToFen(d.priceYuan) ?? 0, active: d.active };
}
