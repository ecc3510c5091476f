import { useState, type FormEvent } from 'react';
import type { CampaignDraft } from '../../api/types.js';
import { useAction } from '../../api/use-load.js';
import { ErrorNotice } from '../../components/ErrorNotice.js';
import { useChain } from '../../components/chain-context.js';
import { useConsoleI18n } from '../../i18n/console-i18n.js';
import { intOrNull, startOfChainDay } from '../rules/rules-draft.js';
import { DateField } from '../../../../shared/DateField.js';

const MONTHS = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12];

function toggle(list: string[], value: string): string[] {
  return list.includes(value) ? list.filter((v) => v !== value) : [...list, value];
}

/** The end of a chain calendar day (Asia/Shanghai), as an instant: a coupon valid "until 12-31" works all that day. */
function endOfChainDay(ymd: string): string {
  return new Date(Date.parse(startOfChainDay(ymd)) + 86_400_000 - 1).toISOString();
}

/** Segment builder (tier, churn risk, birthday month, store), coupon, budget and validity; preview size; create. */
export function CampaignForm({ canCreate, onCreated }: { canCreate: boolean; onCreated(): void }) {
  const { t, locale } = useConsoleI18n();
  const chain = useChain();
  const action = useAction();
  const [title, setTitle] = useState('');
  const [tierIds, setTierIds] = useState<string[]>([]);
  const [storeIds, setStoreIds] = useState<string[]>([]);
  const [churnRisk, setChurnRisk] = useState(false);
  const [birthdayMonth, setBirthdayMonth] = useState(0);
  const [everyStore, setEveryStore] = useState(false);
  const [value, setValue] = useState('10');
  const [budget, setBudget] = useState('100');
  const [validFrom, setValidFrom] = useState('');
  const [validTo, setValidTo] = useState('');
  const [previewSize, setPreviewSize] = useState<number | null>(null);
  const [issued, setIssued] = useState<number | null>(null);
  const datesWrong = validFrom !== '' && validTo !== '' && validTo < validFrom;

  const draft = (): CampaignDraft => {
    const amount = intOrNull(value) ?? 0;
    return {
      title: title.trim(),
      segment: {
        ...(tierIds.length > 0 ? { tierIds } : {}),
        ...(churnRisk ? { churnRisk: true } : {}),
        ...(birthdayMonth > 0 ? { birthdayMonth } : {}),
        ...(storeIds.length > 0 ? { storeIds } : {}),
      },
      // Amount coupons only: the stores' coupon table has no percentage (HQ refuses 'percent'). Yuan in the form, fen on the wire.
      coupon: { kind: 'amount', value: amount * 100 },
      budgetCoupons: intOrNull(budget) ?? 0,
      validFrom: validFrom ? startOfChainDay(validFrom) : '',
      validTo: validTo ? endOfChainDay(validTo) : '',
      ...(everyStore ? { deliverTo: 'every_store' as const } : {}),
    };
  };
  const preview = async () => {
    setIssued(null);
    const answer = await action.run((c) => c.post<{ members: number }>('/campaigns/preview', draft()));
    setPreviewSize(answer ? answer.members : null);
  };
  const create = async (event: FormEvent) => {
    event.preventDefault();
    if (datesWrong) return;
    const answer = await action.run((c) => c.post<{ campaignId: string; issued: number }>('/campaigns', draft()));
    if (answer) {
      setIssued(answer.issued);
      setPreviewSize(null);
      onCreated();
    }
  };
  const chips = (ids: string[], selected: string[], set: (next: string[]) => void, name: (id: string) => string, prefix: string) =>
    ids.map((id) => (
      <button key={id} type="button" className={selected.includes(id) ? 'chip chip-active' : 'chip'} aria-pressed={selected.includes(id)} data-testid={`${prefix}-${id}`} onClick={() => set(toggle(selected, id))}>
        {name(id)}
      </button>
    ));

  return (
    <form className="panel" onSubmit={(e) => void create(e)} data-testid="campaign-form" lang={locale}>
      <h2>{t('campaigns.new')}</h2>
      <label className="field">
        <span>{t('campaigns.field.title')}</span>
        <input className="input" value={title} onChange={(e) => setTitle(e.target.value)} required maxLength={60} data-testid="campaign-title" />
      </label>
      <fieldset className="segment-builder">
        <legend>{t('campaigns.segment')}</legend>
        <div className="field">
          <span>{t('campaigns.segment.tiers')}</span>
          <div className="row">{chips(chain.tierIds, tierIds, setTierIds, chain.tierName, 'segment-tier')}</div>
        </div>
        <label className="row">
          <input type="checkbox" checked={churnRisk} onChange={(e) => setChurnRisk(e.target.checked)} data-testid="segment-churn" />
          {t('campaigns.segment.churnRisk')}
        </label>
        <label className="field">
          <span>{t('campaigns.segment.birthdayMonth')}</span>
          <select className="input" value={birthdayMonth} onChange={(e) => setBirthdayMonth(Number(e.target.value))}>
            <option value={0}>{t('campaigns.segment.anyMonth')}</option>
            {MONTHS.map((m) => (
              <option key={m} value={m}>
                {t('members.month', { month: m })}
              </option>
            ))}
          </select>
        </label>
        <div className="field">
          <span>{t('campaigns.segment.stores')}</span>
          <div className="row">{chips(chain.stores.map((s) => s.storeId), storeIds, setStoreIds, chain.storeName, 'segment-store')}</div>
        </div>
      </fieldset>
      <fieldset>
        <legend>{t('campaigns.coupon')}</legend>
        <div className="row">
          <label className="field">
            <span>{t('campaigns.coupon.amountValue')}</span>
            <input className="input input-num" type="number" min={1} value={value} onChange={(e) => setValue(e.target.value)} required data-testid="campaign-value" />
          </label>
          <label className="field">
            <span>{t('campaigns.budget')}</span>
            <input className="input input-num" type="number" min={1} value={budget} onChange={(e) => setBudget(e.target.value)} required data-testid="campaign-budget" />
          </label>
          <label className="field">
            <span>{t('campaigns.validFrom')}</span>
            <DateField value={validFrom} onChange={setValidFrom} locale={locale} required testId="campaign-from" />
          </label>
          <label className="field">
            <span>{t('campaigns.validTo')}</span>
            <DateField value={validTo} onChange={setValidTo} locale={locale} required testId="campaign-to" />
          </label>
        </div>
        <label className="row">
          <input type="checkbox" checked={everyStore} onChange={(e) => setEveryStore(e.target.checked)} data-testid="campaign-every-store" />
          {t('campaigns.everyStore')}
        </label>
        {datesWrong && <p className="field-problem">{t('campaigns.invalidDates')}</p>}
      </fieldset>
      <ErrorNotice error={action.error} />
      {previewSize !== null && <p className="notice notice-info" data-testid="campaign-preview-size" data-members={previewSize}>{t('campaigns.previewSize', { members: previewSize })}</p>}
      {issued !== null && <p className="notice notice-ok" role="status" data-testid="campaign-created">{t('campaigns.created', { issued })}</p>}
      <div className="row">
        <button type="button" className="button" disabled={action.pending || datesWrong} onClick={() => void preview()} data-testid="campaign-preview">
          {t('campaigns.preview')}
        </button>
        {canCreate && (
          <button type="submit" className="button button-primary" disabled={action.pending || datesWrong} data-testid="campaign-create">
            {t('campaigns.create')}
          </button>
        )}
      </div>
    </form>
  );
}
