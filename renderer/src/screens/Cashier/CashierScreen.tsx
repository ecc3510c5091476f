import { useEffect, useMemo, useState } from 'react';
import { ErrorNotice } from '../../components/ErrorNotice.js';
import { Loading } from '../../components/Loading.js';
import { MemberCard, type IdentifiedVia } from '../../components/cashier/MemberCard.js';
import { MemberLookup } from '../../components/cashier/MemberLookup.js';
import { PurchaseForm, type PurchaseResult } from '../../components/cashier/PurchaseForm.js';
import { ReceiptPrint } from '../../components/cashier/ReceiptPrint.js';
import { StaffGate } from '../../components/staff/StaffGate.js';
import { useCall, useEvent } from '../../hooks/use-call.js';
import { useI18n } from '../../i18n/i18n-context.js';

const RECENT_CHECKIN_MS = 3 * 60_000;

interface Current {
  memberId: string;
  via: IdentifiedVia;
  confidence: number | null;
  /** Changes on every identification, so the same member checking in again reloads the card. */
  seq: number;
}

export function CashierScreen() {
  return (
    <StaffGate role="cashier">
      <CashierConsole />
    </StaffGate>
  );
}

function CashierConsole() {
  const { t } = useI18n();
  const [current, setCurrent] = useState<Current | null>(null);
  const [recorded, setRecorded] = useState<PurchaseResult | null>(null);

  // A check-in on this device (kiosk face, phone or code) brings that member up at the till.
  const checkedIn = useEvent('members.checkedIn');
  useEffect(() => {
    // The host replays the last event on connect; a check-in from minutes ago is not the person at the till.
    if (!checkedIn || Date.now() - Date.parse(checkedIn.at) > RECENT_CHECKIN_MS) return;
    // The match's similarity only means something for a face check-in; older hosts may not send it at all.
    const confidence = checkedIn.method === 'face' && typeof checkedIn.faceConfidence === 'number' ? checkedIn.faceConfidence : null;
    setCurrent((c) => ({ memberId: checkedIn.memberId, via: checkedIn.method, confidence, seq: (c?.seq ?? 0) + 1 }));
    setRecorded(null);
  }, [checkedIn]);

  const rules = useCall('loyalty.getRules', {});
  const { locale } = useI18n();
  const tierNames = useMemo(() => {
    if (rules.state.status !== 'ok') return {};
    return Object.fromEntries(rules.state.value.rules.tiers.map((tier) => [tier.id, tier.name[locale]]));
  }, [rules.state, locale]);

  return (
    <div className="cashier" data-testid="cashier">
      <div className="cashier-left">
        <MemberLookup
          onFound={(memberId) => {
            setCurrent((c) => ({ memberId, via: 'staff', confidence: null, seq: (c?.seq ?? 0) + 1 }));
            setRecorded(null);
          }}
        />
        {current ? (
          <CurrentMember key={`${current.memberId}-${current.seq}`} current={current} tierNames={tierNames} recorded={recorded} onRecorded={setRecorded} onClear={() => setCurrent(null)} />
        ) : (
          <p className="panel muted" data-testid="cashier-waiting">
            {t('cashier.waiting')}
          </p>
        )}
      </div>
    </div>
  );
}

function CurrentMember({
  current,
  tierNames,
  recorded,
  onRecorded,
  onClear,
}: {
  current: Current;
  tierNames: Record<string, string>;
  recorded: PurchaseResult | null;
  onRecorded(result: PurchaseResult): void;
  onClear(): void;
}) {
  const { t, money, number } = useI18n();
  const [reloadKey, setReloadKey] = useState(0);
  const { state, reload } = useCall('members.getCard', { memberId: current.memberId }, `${current.memberId}-${reloadKey}`);
  if (state.status === 'loading' || state.status === 'idle') return <Loading testId="card-loading" />;
  if (state.status === 'error') return <ErrorNotice error={state.error} onRetry={reload} testId="card-error" />;
  return (
    <div className="cashier-member">
      <MemberCard card={state.value} via={current.via} confidence={current.confidence} tierNames={tierNames} onNotThisMember={onClear} />
      <div className="cashier-right">
        {recorded ? (
          <div className="panel" data-testid="purchase-recorded">
            <p className="notice notice-ok">
              {t('cashier.purchase.recorded', { amount: money(recorded.paidFen), points: number(recorded.pointsEarned + recorded.referralBonusPoints), balance: number(recorded.balanceAfter) })}
            </p>
            {recorded.tierChangedTo ? <p className="notice notice-ok">{t('cashier.purchase.tierChanged', { tier: tierNames[recorded.tierChangedTo] ?? recorded.tierChangedTo })}</p> : null}
            <ReceiptPrint key={recorded.purchaseId} purchaseId={recorded.purchaseId} />
          </div>
        ) : null}
        <PurchaseForm
          card={state.value}
          onRecorded={(result) => {
            onRecorded(result);
            setReloadKey((k) => k + 1);
          }}
        />
      </div>
    </div>
  );
}
