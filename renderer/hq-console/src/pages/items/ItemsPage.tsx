import { useState } from 'react';
import type { CatalogueAnswer, CatalogueVersionView } from '../../api/types.js';
import { useStaff } from '../../api/session-context.js';
import { useLoad } from '../../api/use-load.js';
import { ErrorNotice } from '../../components/ErrorNotice.js';
import { Loading } from '../../components/Loading.js';
import { useChain } from '../../components/chain-context.js';
import { useConsoleI18n } from '../../i18n/console-i18n.js';
import { CAN } from '../../nav.js';
import { ItemForm } from './ItemForm.js';
import { ItemsPublishPanel } from './ItemsPublishPanel.js';
import { draftOf, emptyDraft, type ItemDraft } from './item-draft.js';
import { StoreNames } from '../../components/StoreName.js';

/** Items / 商品 (issue 15 item 3): the chain's item catalogue, its editor (chain admins) and its published versions. */
export function ItemsPage() {
  const { t, locale, money } = useConsoleI18n();
  const staff = useStaff();
  const { data, error, loading, reload } = useLoad((c) => c.get<CatalogueAnswer>('/catalogue'), 'catalogue');
  const [editing, setEditing] = useState<{ draft: ItemDraft; isNew: boolean } | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const canEdit = CAN.editItems(staff.role);

  return (
    <section data-testid="page-items">
      <h1>{t('items.title')}</h1>
      <p className="muted">{t('items.intro')}</p>
      {!canEdit && <p className="muted">{t('items.readOnly')}</p>}
      <ErrorNotice error={error} onRetry={reload} />
      {loading && !data && <Loading />}
      {data && (
        <div className="panel table-wrap" data-testid="items-table">
          {canEdit && (
            <div className="row">
              <button type="button" className="button" onClick={() => setEditing({ draft: emptyDraft(), isNew: true })} data-testid="item-new">
                {t('items.new')}
              </button>
            </div>
          )}
          {data.items.length === 0 ? (
            <p className="muted">{t('items.empty')}</p>
          ) : (
            <table className="table">
              <thead>
                <tr>
                  <th>{t('items.col.id')}</th>
                  <th>{t('items.col.name')}</th>
                  <th>{t('items.col.category')}</th>
                  <th>{t('items.col.price')}</th>
                  <th>{t('items.col.status')}</th>
                  {canEdit && <th />}
                </tr>
              </thead>
              <tbody>
                {data.items.map((item) => (
                  <tr key={item.itemId} data-testid={`item-row-${item.itemId}`}>
                    <td>{item.itemId}</td>
                    <td>{item.name[locale]}</td>
                    <td>{item.category[locale]}</td>
                    <td>{money(item.priceFen)}</td>
                    <td>{item.active ? <span className="badge badge-ok">{t('items.active')}</span> : <span className="badge">{t('items.inactive')}</span>}</td>
                    {canEdit && (
                      <td>
                        <button type="button" className="button" onClick={() => setEditing({ draft: draftOf(item), isNew: false })} data-testid={`item-edit-${item.itemId}`}>
                          {t('items.edit')}
                        </button>
                      </td>
                    )}
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </div>
      )}
      {saved && (
        <p className="notice notice-ok" role="status" data-testid="item-saved">
          {t('items.saved', { id: saved })}
        </p>
      )}
      {editing && (
        <ItemForm
          key={`${editing.draft.itemId}-${String(editing.isNew)}`}
          initial={editing.draft}
          isNew={editing.isNew}
          onCancel={() => setEditing(null)}
          onSaved={(item) => {
            setEditing(null);
            setSaved(item.itemId);
            reload();
          }}
        />
      )}
      {data && canEdit && <ItemsPublishPanel itemCount={data.items.length} onPublished={reload} />}
      {data && <CatalogueVersions versions={data.versions} />}
    </section>
  );
}

function CatalogueVersions({ versions }: { versions: CatalogueVersionView[] }) {
  const { t, date, dateTime } = useConsoleI18n();
  const chain = useChain();
  return (
    <div className="panel table-wrap" data-testid="items-versions">
      <h2>{t('items.versions')}</h2>
      {versions.length === 0 ? (
        <p className="muted">{t('items.noVersions')}</p>
      ) : (
        <table className="table">
          <thead>
            <tr>
              <th>{t('items.col.version')}</th>
              <th>{t('items.col.startsAt')}</th>
              <th>{t('items.col.publishedAt')}</th>
              <th>{t('items.col.stores')}</th>
              <th>{t('items.col.items')}</th>
              <th>{t('items.col.applied')}</th>
              <th>{t('items.col.refused')}</th>
            </tr>
          </thead>
          <tbody>
            {versions.map((v) => (
              <tr key={v.version} data-testid={`items-version-${v.version}`}>
                <td>{t('items.version', { version: v.version })}</td>
                <td>{date(v.startsAt)}</td>
                <td>
                  {`${dateTime(v.publishedAt)} · `}
                  <span className="data-text" title={v.publishedBy}>
                    {v.publishedByName ?? v.publishedBy}
                  </span>
                </td>
                <td>{v.storeIds === null ? t('items.publish.allStores') : <StoreNames ids={v.storeIds} names={v.storeNames} />}</td>
                <td>{v.itemCount}</td>
                <td><StoreNames ids={v.storesApplied} names={v.storeNames} /></td>
                <td>
                  {v.storesRefused.map((r) => (
                    <span key={r.storeId} className="badge badge-err" title={`${r.storeId}: ${r.message}`} data-store-id={r.storeId}>
                      {chain.storeName(r.storeId, v.storeNames?.[r.storeId])}
                    </span>
                  ))}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
