import type { CampaignRow, Segment } from '../../api/types.js';
import { useStaff } from '../../api/session-context.js';
import { useLoad } from '../../api/use-load.js';
import { ErrorNotice } from '../../components/ErrorNotice.js';
import { Loading } from '../../components/Loading.js';
import { useChain, type ChainNames } from '../../components/chain-context.js';
import { useConsoleI18n, type ConsoleI18n } from '../../i18n/console-i18n.js';
import { CAN } from '../../nav.js';
import { CampaignForm } from './CampaignForm.js';

function segmentText(segment: Segment, { t }: ConsoleI18n, chain: ChainNames, storeNames: Record<string, string> = {}): string {
  const parts: string[] = [];
  if (segment.churnRisk) parts.push(t('campaigns.seg.churn'));
  if (segment.birthdayMonth) parts.push(t('campaigns.seg.birthday', { month: segment.birthdayMonth }));
  if (segment.tierIds?.length) parts.push(t('campaigns.seg.tiers', { tiers: segment.tierIds.map((id) => chain.tierName(id)).join('、') }));
  if (segment.storeIds?.length) parts.push(t('campaigns.seg.stores', { stores: segment.storeIds.map((id) => chain.storeName(id, storeNames[id])).join('、') }));
  return parts.length > 0 ? parts.join(' · ') : t('campaigns.seg.all');
}

function couponText(c: CampaignRow, { t, money, number }: ConsoleI18n): string {
  const off =
    c.couponValueFen !== undefined
      ? t('campaigns.couponAmount', { value: money(c.couponValueFen) })
      : c.couponMaxOffFen !== undefined
        ? t('campaigns.couponPercentCapped', { value: number(c.couponPercent ?? 0), cap: money(c.couponMaxOffFen) })
        : t('campaigns.couponPercent', { value: number(c.couponPercent ?? 0) });
  return c.couponMinSpendFen ? `${off} · ${t('campaigns.couponMinSpend', { min: money(c.couponMinSpendFen) })}` : off;
}

/** Coupon campaigns: what was issued to whom, redeemed, valid when; and the form to create one. */
export function CampaignsPage() {
  const i18n = useConsoleI18n();
  const { t, tOr, money, number, date } = i18n;
  const chain = useChain();
  const staff = useStaff();
  const { data, error, loading, reload } = useLoad((c) => c.get<{ campaigns: CampaignRow[] }>('/campaigns'), 'campaigns');
  return (
    <section data-testid="page-campaigns">
      <h1>{t('campaigns.title')}</h1>
      {CAN.previewCampaign(staff.role) ? <CampaignForm canCreate={CAN.createCampaign(staff.role)} onCreated={reload} /> : <p className="muted">{t('campaigns.readOnly')}</p>}
      <ErrorNotice error={error} onRetry={reload} />
      {loading && !data && <Loading />}
      {data && (
        <div className="panel table-wrap">
          <table className="table" data-testid="campaigns-table">
            <thead>
              <tr>
                <th>{t('campaigns.col.title')}</th>
                <th>{t('campaigns.col.segment')}</th>
                <th>{t('campaigns.col.coupon')}</th>
                <th>{t('campaigns.col.issued')}</th>
                <th>{t('campaigns.col.redeemed')}</th>
                <th>{t('campaigns.col.validity')}</th>
                <th>{t('campaigns.col.status')}</th>
              </tr>
            </thead>
            <tbody>
              {data.campaigns.length === 0 && (
                <tr>
                  <td colSpan={7} className="muted">{t('common.empty')}</td>
                </tr>
              )}
              {data.campaigns.map((c) => (
                <tr key={c.campaignId} data-testid={`campaign-${c.campaignId}`}>
                  <td className="data-text">{c.title}</td>
                  <td>{segmentText(c.segment, i18n, chain, c.storeNames)}</td>
                  <td>
                    {couponText(c, i18n)}
                  </td>
                  <td>{`${number(c.issued)} / ${number(c.budgetCoupons)}`}</td>
                  <td>{number(c.redeemed)}</td>
                  <td>{`${date(c.validFrom)} – ${date(c.validTo)}`}</td>
                  <td>
                    <span className={c.status === 'active' ? 'badge badge-ok' : 'badge'}>{tOr(`campaigns.status.${c.status}`, c.status)}</span>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
