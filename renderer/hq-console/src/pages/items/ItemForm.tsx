import { useState } from 'react';
import type { HqCatalogueItem, LocalizedText } from '../../api/types.js';
import { useAction } from '../../api/use-load.js';
import { ErrorNotice } from '../../components/ErrorNotice.js';
import { useConsoleI18n } from '../../i18n/console-i18n.js';
import { draftIssues, saveBody, type ItemDraft } from './item-draft.js';

const LOCALES = ['zh-CN', 'zh-TW', 'en'] as const;

/** Adds an item (its id is chosen once) or changes one; checks what HQ and the stores check before sending. */
export function ItemForm({ initial, isNew, onSaved, onCancel }: { initial: ItemDraft; isNew: boolean; onSaved(item: HqCatalogueItem): void; onCancel(): void }) {
  const { t } = useConsoleI18n();
  const action = useAction();
  const [draft, setDraft] = useState<ItemDraft>(initial);
  const [tried, setTried] = useState(false);
  const issues = draftIssues(draft);
  const setText = (field: 'name' | 'category', locale: keyof LocalizedText, value: string) => setDraft({ ...draft, [field]: { ...draft[field], [locale]: value } });

  const save = async () => {
    setTried(true);
    if (issues.length > 0) return;
    const saved = await action.run((c) => c.put<HqCatalogueItem>(`/catalogue/items/${encodeURIComponent(draft.itemId)}`, saveBody(draft)));
    if (saved) onSaved(saved);
  };

  return (
    <div className="panel" data-testid="item-form">
      <h2>{isNew ? t('items.form.titleNew') : t('items.form.titleEdit', { id: draft.itemId })}</h2>
      <div className="row">
        {isNew && (
          <label className="field">
            <span>{t('items.form.id')}</span>
            <input className="input" value={draft.itemId} maxLength={40} onChange={(e) => setDraft({ ...draft, itemId: e.target.value.trim() })} data-testid="item-id" />
          </label>
        )}
        <label className="field">
          <span>{t('items.form.price')}</span>
          <input className="input" inputMode="decimal" value={draft.priceYuan} onChange={(e) => setDraft({ ...draft, priceYuan: e.target.value })} data-testid="item-price" />
        </label>
        <label className="field">
          <span>{t('items.form.active')}</span>
          <input type="checkbox" checked={draft.active} onChange={(e) => setDraft({ ...draft, active: e.target.checked })} data-testid="item-active" />
        </label>
      </div>
      {LOCALES.map((locale) => (
        <div className="row" key={locale}>
          <label className="field">
            <span>{t('items.form.name', { locale: t(`locale.name.${locale}`) })}</span>
            <input className="input" value={draft.name[locale]} maxLength={40} onChange={(e) => setText('name', locale, e.target.value)} data-testid={`item-name-${locale}`} />
          </label>
          <label className="field">
            <span>{t('items.form.category', { locale: t(`locale.name.${locale}`) })}</span>
            <input className="input" value={draft.category[locale]} maxLength={40} onChange={(e) => setText('category', locale, e.target.value)} data-testid={`item-category-${locale}`} />
          </label>
        </div>
      ))}
      {tried && issues.length > 0 && (
        <ul className="notice notice-error issue-list" role="alert" data-testid="item-issues">
          {issues.map((issue) => (
            <li key={issue}>{t(issue)}</li>
          ))}
        </ul>
      )}
      <ErrorNotice error={action.error} />
      <div className="row">
        <button type="button" className="button button-primary" disabled={action.pending} onClick={() => void save()} data-testid="item-save">
          {t('items.form.save')}
        </button>
        <button type="button" className="button" onClick={onCancel} data-testid="item-cancel">
          {t('common.cancel')}
        </button>
      </div>
    </div>
  );
}
