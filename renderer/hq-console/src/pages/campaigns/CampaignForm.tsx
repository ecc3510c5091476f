import { useState, type FormEvent } from 'react';
import { MAX_PERCENT_OFF, MIN_PERCENT_OFF } from '../../../../../edge-sync/hq/publishing/publishing-schemas.js';
import type { CampaignDraft } from '../../api/types.js';
import { useAction } from '../../api/use-load.js';
import { ErrorNotice } from '../../components/ErrorNotice.js';
import { useChain } from '../../components/chain-context.js';
import { useConsoleI18n } from '../../i18n/console-i18n.js';
import { intOrNull, startOfChainDay } from '../rules/rules-draft.js';
import { DateField } from '../../../../shared/DateField.js';

const MONTHS = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12];

function isPercentOff(n: number | null): boolean {
  return n !== null && n >= MIN_PERCENT_OFF && n <= MAX_PERCENT_OFF;
}

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
  const [kind, setKind] = useState<'amount' | 'percent'>('amount');
  const [value, setValue] = useState('10');
  const [maxOff, setMaxOff] = useState('');
  const [minSpend, setMinSpend] = useState('');
  const [budget, setBudget] = useState('100');
  const [validFrom, setValidFrom] = useState('');
  const [validTo, setValidTo] = useState('');
  const [previewSize, setPreviewSize] = useState<number | null>(null);
  const [issued, setIssued] = useState<number | null>(null);
  const datesWrong = validFrom !== '' && validTo !== '' && validTo < validFrom;
  // The same bounds HQ and the stores check (edge-sync/protocol/coupon-terms.ts); shown before a round trip.
  const percentWrong = kind === 'percent' && value.trim() !== '' && !isPercentOff(intOrNull(value));
  const blocked = datesWrong || percentWrong;

  const draft = (): CampaignDraft => {
    const entered = intOrNull(value) ?? 0;
    const cap = intOrNull(maxOff);
    const min = intOrNull(minSpend);
    return {
      title: title.trim(),
      segment: {
        ...(tierIds.length > 0 ? { tierIds } : {}),
        ...(churnRisk ? { churnRisk: true } : {}),
        ...(birthdayMonth > 0 ? { birthdayMonth } : {}),
        ...(storeIds.length > 0 ? { storeIds } : {}),
      },
      // Yuan in the form, fen on the wire; a percent coupon's value is the percentage itself.
      coupon: {
        kind,
        value: kind === 'amount' ? entered * 100 : entered,
        ...(kind === 'percent' && cap !== null && cap > 0 ? { maxOffFen: cap * 100 } : {}),
        ...(min !== null && min > 0 ? { minSpendFen: min * 100 } : {}),
      },
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
    if (blocked) return;
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
        <div className="row" role="radiogroup" aria-label={t('campaigns.coupon.kind')}>
          {(['amount', 'percent'] as const).map((k) => (
            <label key={k} className="row">
              <input type="radio" name="coupon-kind" checked={kind === k} onChange={() => setKind(k)} data-testid={`campaign-kind-${k}`} />
              {t(`campaigns.coupon.${k}`)}
            </label>
          ))}
        </div>
        <div className="row">
          <label className="field">
            <span>{t(kind === 'amount' ? 'campaigns.coupon.amountValue' : 'campaigns.coupon.percentValue')}</span>
            <input
              className="input input-num"
              type="number"
              min={1}
              max={kind === 'percent' ? MAX_PERCENT_OFF : undefined}
              value={value}
              onChange={(e) => setValue(e.target.value)}
              required
              data-testid="campaign-value"
            />
          </label>
          {kind === 'percent' && (
            <label className="field">
              <span>{t('campaigns.coupon.maxOff')}</span>
              <input className="input input-num" type="number" min={1} value={maxOff} onChange={(e) => setMaxOff(e.target.value)} data-testid="campaign-max-off" />
            </label>
          )}
          <label className="field">
            <span>{t('campaigns.coupon.minSpend')}</span>
            <input className="input input-num" type="number" min={0} value={minSpend} onChange={(e) => setMinSpend(e.target.value)} data-testid="campaign-min-spend" />
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
        {percentWrong && <p className="field-problem" data-testid="campaign-percent-problem">{t('campaigns.invalidPercent', { min: MIN_PERCENT_OFF, max: MAX_PERCENT_OFF })}</p>}
      </fieldset>
      <ErrorNotice error={action.error} />
      {previewSize !== null && <p className="notice notice-info" data-testid="campaign-preview-size" data-members={previewSize}>{t('campaigns.previewSize', { members: previewSize })}</p>}
      {issued !== null && <p className="notice notice-ok" role="status" data-testid="campaign-created">{t('campaigns.created', { issued })}</p>}
      <div className="row">
        <button type="button" className="button" disabled={action.pending || blocked} onClick={() => void preview()} data-testid="campaign-preview">
          {t('campaigns.preview')}
        </button>
        {canCreate && (
          <button type="submit" className="button button-primary" disabled={action.pending || blocked} data-testid="campaign-create">
            {t('campaigns.create')}
          </button>
        )}
      </div>
    </form>
  );
}
