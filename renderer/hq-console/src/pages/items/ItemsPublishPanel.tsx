import { useState } from 'react';
import { useAction } from '../../api/use-load.js';
import { ErrorNotice } from '../../components/ErrorNotice.js';
import { useChain } from '../../components/chain-context.js';
import { useConsoleI18n } from '../../i18n/console-i18n.js';
import { startOfChainDay } from '../rules/rules-draft.js';
import { DateField } from '../../../../shared/DateField.js';

/** Today on the chain's calendar (YYYY-MM-DD): the default start date of a new version. */
function chainToday(): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());
}

/** Publishes the whole catalogue as the next version, to every store or to chosen stores, from a start date. */
export function ItemsPublishPanel({ itemCount, onPublished }: { itemCount: number; onPublished(): void }) {
  const { t, locale } = useConsoleI18n();
  const chain = useChain();
  const action = useAction();
  const [startsAt, setStartsAt] = useState(chainToday);
  const [chosen, setChosen] = useState<string[] | null>(null);
  const [published, setPublished] = useState<number | null>(null);

  const publish = async () => {
    setPublished(null);
    const answer = await action.run((c) => c.post<{ version: number; itemCount: number }>('/catalogue/publish', { startsAt: startOfChainDay(startsAt), storeIds: chosen }));
    if (answer) {
      setPublished(answer.version);
      onPublished();
    }
  };
  const toggle = (storeId: string) => setChosen((list) => ((list ?? []).includes(storeId) ? (list ?? []).filter((s) => s !== storeId) : [...(list ?? []), storeId]));

  return (
    <div className="panel" data-testid="items-publish">
      <h2>{t('items.publish.title')}</h2>
      <p className="muted">{t('items.publish.count', { count: itemCount })}</p>
      <div className="row" role="group">
        <button type="button" className={chosen === null ? 'chip chip-active' : 'chip'} aria-pressed={chosen === null} onClick={() => setChosen(null)} data-testid="items-publish-all">
          {t('items.publish.allStores')}
        </button>
        <button type="button" className={chosen !== null ? 'chip chip-active' : 'chip'} aria-pressed={chosen !== null} onClick={() => setChosen(chosen ?? [])} data-testid="items-publish-chosen">
          {t('items.publish.chosenStores')}
        </button>
      </div>
      {chosen !== null && (
        <div className="row">
          {chain.stores.map((s) => (
            <button key={s.storeId} type="button" className={chosen.includes(s.storeId) ? 'chip chip-active' : 'chip'} aria-pressed={chosen.includes(s.storeId)} onClick={() => toggle(s.storeId)} data-testid={`items-store-${s.storeId}`}>
              {chain.storeName(s.storeId)}
            </button>
          ))}
        </div>
      )}
      <div className="row">
        <label className="field">
          <span>{t('items.publish.startsAt')}</span>
          <DateField value={startsAt} onChange={setStartsAt} locale={locale} required testId="items-starts-at" />
        </label>
        <button
          type="button"
          className="button button-primary"
          disabled={action.pending || !startsAt || itemCount === 0 || (chosen !== null && chosen.length === 0)}
          onClick={() => void publish()}
          data-testid="items-publish-button"
        >
          {t('items.publish.button')}
        </button>
      </div>
      <ErrorNotice error={action.error} />
      {published !== null && (
        <p className="notice notice-ok" role="status" data-testid="items-published" data-version={published}>
          {t('items.published', { version: published })}
        </p>
      )}
    </div>
  );
}
