import { useState } from 'react';
import type { ErrorInfo, ResultOf } from '../../../../electron/contract/index.js';
import { useCall, useInvoke } from '../../hooks/use-call.js';
import { useI18n } from '../../i18n/i18n-context.js';
import { parseYuanToFen } from '../../i18n/money-input.js';
import { ErrorNotice } from '../ErrorNotice.js';
import { Loading } from '../Loading.js';

type Item = ResultOf<'catalogue.list'>[number];
type Texts = { 'zh-CN': string; 'zh-TW': string; en: string };
interface Draft {
  itemId?: string;
  name: Texts;
  category: Texts;
  priceYuan: string;
  isActive: boolean;
}
const LANGUAGES = ['zh-CN', 'zh-TW', 'en'] as const;
const empty = (): Texts => ({ 'zh-CN': '', 'zh-TW': '', en: '' });

/**
 * The store's items (issue 15 item 3): head office's (read-only here, with the version in effect) and the
 * store's own, which the manager adds and changes. Items are deactivated, never deleted.
 */
export function CatalogueView() {
  const { t, locale, money, dateTime } = useI18n();
  const invoke = useInvoke();
  const status = useCall('catalogue.hqStatus', {});
  const list = useCall('catalogue.list', { includeInactive: true });
  const [draft, setDraft] = useState<Draft | null>(null);
  const [error, setError] = useState<ErrorInfo | null>(null);
  const [priceInvalid, setPriceInvalid] = useState(false);

  const save = async () => {
    if (!draft) return;
    const priceFen = parseYuanToFen(draft.priceYuan);
    setPriceInvalid(priceFen === null);
    if (priceFen === null) return;
    const envelope = await invoke('catalogue.upsert', { ...(draft.itemId ? { itemId: draft.itemId } : {}), name: draft.name, category: draft.category, priceFen, isActive: draft.isActive });
    if (!envelope.ok) return setError(envelope.error);
    setError(null);
    setDraft(null);
    list.reload();
  };
  const edit = (item: Item) => setDraft({ itemId: item.itemId, name: { ...item.name }, category: { ...item.category }, priceYuan: (item.priceFen / 100).toFixed(2), isActive: item.isActive });
  const setText = (field: 'name' | 'category', language: keyof Texts, value: string) => draft && setDraft({ ...draft, [field]: { ...draft[field], [language]: value } });

  const hq = status.state.status === 'ok' ? status.state.value : null;
  return (
    <section data-testid="manager-items">
      {hq && (
        <>
          <p className="muted" data-testid="items-hq-version" data-version={hq.active?.version ?? ''}>
            {hq.active ? t('items.hq.active', { version: hq.active.version, since: dateTime(hq.active.startsAt) }) : t('items.hq.none')}
          </p>
          {hq.next && <p className="muted">{t('items.hq.next', { version: hq.next.version, from: dateTime(hq.next.startsAt) })}</p>}
          {/* The technical reason (sent to HQ too) is a hover text: the sentence itself is always in the reader's language. */}
          {hq.refused && (
            <p className="notice notice-warn" title={hq.refused.message} data-testid="items-hq-refused">
              {t('items.hq.refused', { version: hq.refused.version })}
            </p>
          )}
        </>
      )}
      {list.state.status === 'loading' ? <Loading /> : null}
      {list.state.status === 'error' ? <ErrorNotice error={list.state.error} onRetry={list.reload} /> : null}
      {list.state.status === 'ok' ? (
        <table className="table" data-testid="items-list">
          <thead>
            <tr>
              <th>{t('items.col.name')}</th>
              <th>{t('items.col.category')}</th>
              <th>{t('items.col.price')}</th>
              <th>{t('items.col.source')}</th>
              <th>{t('items.col.status')}</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {list.state.value.map((item) => (
              <tr key={item.itemId} data-testid={`items-row-${item.itemId}`} data-source={item.source}>
                <td>{item.name[locale]}</td>
                <td>{item.category[locale]}</td>
                <td>{money(item.priceFen)}</td>
                <td>{item.source === 'hq' ? <span className="badge badge-info">{t('items.source.hq')}</span> : t('items.source.store')}</td>
                <td>{item.isActive ? t('items.status.active') : t('items.status.inactive')}</td>
                <td>
                  {item.source === 'store' ? (
                    <button type="button" className="button" onClick={() => edit(item)} data-testid={`items-edit-${item.itemId}`}>
                      {t('items.edit')}
                    </button>
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      {draft === null ? (
        <button type="button" className="button" onClick={() => setDraft({ name: empty(), category: empty(), priceYuan: '', isActive: true })} data-testid="items-add">
          {t('items.add')}
        </button>
      ) : (
        <div className="panel" data-testid="items-form">
          {LANGUAGES.map((language) => (
            <div className="row" key={language}>
              <label className="field">
                <span>{t('items.form.name', { language: t(`locale.name.${language}`) })}</span>
                <input className="input" value={draft.name[language]} maxLength={40} onChange={(e) => setText('name', language, e.target.value)} data-testid={`items-name-${language}`} />
              </label>
              <label className="field">
                <span>{t('items.form.category', { language: t(`locale.name.${language}`) })}</span>
                <input className="input" value={draft.category[language]} maxLength={40} onChange={(e) => setText('category', language, e.target.value)} data-testid={`items-category-${language}`} />
              </label>
            </div>
          ))}
          <div className="row">
            <label className="field">
              <span>{t('items.form.price')}</span>
              <input className="input" inputMode="decimal" value={draft.priceYuan} onChange={(e) => setDraft({ ...draft, priceYuan: e.target.value })} data-testid="items-price" />
            </label>
            <label className="field">
              <span>{t('items.form.active')}</span>
              <input type="checkbox" checked={draft.isActive} onChange={(e) => setDraft({ ...draft, isActive: e.target.checked })} />
            </label>
          </div>
          {priceInvalid ? <p className="notice notice-error">{t('items.form.priceInvalid')}</p> : null}
          {error ? <ErrorNotice error={error} /> : null}
          <div className="row">
            <button type="button" className="button button-primary" onClick={() => void save()} data-testid="items-save">
              {t('items.form.save')}
            </button>
            <button type="button" className="button" onClick={() => setDraft(null)}>
              {t('items.form.cancel')}
            </button>
          </div>
        </div>
      )}
    </section>
  );
}
