import { useMemo, useState } from 'react';
import type { ResultOf } from '../../../../electron/contract/index.js';
import { useI18n } from '../../i18n/i18n-context.js';

export type CatalogueItem = ResultOf<'catalogue.list'>[number];

interface ItemGridProps {
  items: CatalogueItem[];
  /** Catalogue ids of the member's favourites, most bought first: one tap adds them. */
  favouriteIds: string[];
  onAdd(item: CatalogueItem): void;
}

/** Matches a search in any language, or the item id (a cashier may know "LATTE"). */
export function matchesSearch(item: CatalogueItem, query: string): boolean {
  const q = query.trim().toLowerCase();
  if (!q) return true;
  return [item.itemId, item.name['zh-CN'], item.name['zh-TW'], item.name.en].some((text) => text.toLowerCase().includes(q));
}

/** The menu as buttons: the member's favourites first, then a search and one category at a time. */
export function ItemGrid({ items, favouriteIds, onAdd }: ItemGridProps) {
  const { t, locale, money } = useI18n();
  const [query, setQuery] = useState('');
  const [category, setCategory] = useState<string | null>(null);
  const categories = useMemo(() => {
    const seen = new Map<string, string>();
    for (const item of items) if (!seen.has(item.category['zh-CN'])) seen.set(item.category['zh-CN'], item.category[locale]);
    return [...seen];
  }, [items, locale]);
  const favourites = favouriteIds.map((id) => items.find((i) => i.itemId === id)).filter((i): i is CatalogueItem => i !== undefined);
  const shown = items.filter((i) => matchesSearch(i, query) && (query.trim() !== '' || category === null || i.category['zh-CN'] === category));

  const button = (item: CatalogueItem, testId: string) => (
    <button key={`${testId}-${item.itemId}`} type="button" className="item-button" onClick={() => onAdd(item)} data-testid={testId} data-item-id={item.itemId}>
      <span className="item-name">{item.name[locale]}</span>
      <span className="item-price">{money(item.priceFen)}</span>
    </button>
  );
  return (
    <div className="item-grid" data-testid="item-grid">
      {favourites.length > 0 ? (
        <div className="item-favourites" data-testid="item-favourites">
          <h3>{t('counter.items.favourites')}</h3>
          <div className="item-buttons">{favourites.slice(0, 4).map((item) => button(item, 'favourite-item'))}</div>
        </div>
      ) : null}
      <div className="row">
        <input className="input" type="search" value={query} onChange={(e) => setQuery(e.target.value)} placeholder={t('counter.items.search')} aria-label={t('counter.items.search')} data-testid="item-search" />
        <div className="row item-categories">
          <button type="button" className={`chip${category === null ? ' chip-active' : ''}`} onClick={() => setCategory(null)} data-testid="item-category-all">
            {t('counter.items.all')}
          </button>
          {categories.map(([key, label]) => (
            <button key={key} type="button" className={`chip${category === key ? ' chip-active' : ''}`} onClick={() => setCategory(key)} data-testid="item-category">
              {label}
            </button>
          ))}
        </div>
      </div>
      {shown.length > 0 ? <div className="item-buttons">{shown.map((item) => button(item, 'catalogue-item'))}</div> : <p className="muted">{t('counter.items.none')}</p>}
    </div>
  );
}
