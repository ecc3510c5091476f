import { useCallback, useEffect, useMemo, useReducer, useRef, useState } from 'react';
import { ErrorNotice } from '../../components/ErrorNotice.js';
import { Loading } from '../../components/Loading.js';
import type { CatalogueItem } from '../../components/cashier/ItemGrid.js';
import { MemberCard } from '../../components/cashier/MemberCard.js';
import { MemberLookup } from '../../components/cashier/MemberLookup.js';
import { NextInLine } from '../../components/cashier/NextInLine.js';
import { PurchaseForm, type PurchaseResult } from '../../components/cashier/PurchaseForm.js';
import { ReceiptPrint } from '../../components/cashier/ReceiptPrint.js';
import { RecentPurchases } from '../../components/cashier/RecentPurchases.js';
import { RefundDialog, type RefundResult } from '../../components/cashier/RefundDialog.js';
import { ShortcutBar } from '../../components/cashier/ShortcutBar.js';
import { StaffGate } from '../../components/staff/StaffGate.js';
import { useCall, useEvent, useInvoke } from '../../hooks/use-call.js';
import { useKeyboardWedge } from '../../hooks/use-keyboard-wedge.js';
import { useShortcut } from '../../hooks/use-shortcut.js';
import { useI18n } from '../../i18n/i18n-context.js';
import type { ErrorInfo } from '../../../../electron/contract/index.js';
import { counterReducer, emptyCounter, type AtTill, type Identified } from '../../counter/counter-queue.js';
import { emptyDraft, isOrderOpen, type OrderDraft } from '../../counter/order-draft.js';

/** The hosts replay the last event on connect; an identification older than this is not the person at the till. */
const RECENT_MS = 3 * 60_000;
const isRecent = (at: string) => Date.now() - Date.parse(at) <= RECENT_MS;

export function CashierScreen() {
  return (
    <StaffGate role="cashier">
      <CashierConsole />
    </StaffGate>
  );
}

function CashierConsole() {
  const { t, locale } = useI18n();
  const invoke = useInvoke();
  const [counter, dispatch] = useReducer(counterReducer, emptyCounter);
  const [drafts, setDrafts] = useState<Record<string, OrderDraft>>({});
  const [recorded, setRecorded] = useState<PurchaseResult | null>(null);
  const [scanError, setScanError] = useState<ErrorInfo | null>(null);
  const lookupRef = useRef<HTMLInputElement>(null);
  const currentId = counter.current?.memberId ?? null;
  const isOpen = isOrderOpen(currentId ? drafts[currentId] : undefined);
  // Events arrive between renders: read whether an order is open through a ref, not a stale closure.
  const isOpenRef = useRef(isOpen);
  isOpenRef.current = isOpen;

  const arrived = useCallback((who: Identified) => {
    dispatch({ type: 'arrived', who, isOrderOpen: isOpenRef.current });
    setRecorded(null);
  }, []);
  const open = useCallback((who: Identified) => {
    dispatch({ type: 'open', who, isOrderOpen: isOpenRef.current });
    setRecorded(null);
    setScanError(null);
  }, []);

  // The face confirmed at the customer display: shown at once, before the member taps anything.
  const identified = useEvent('face.identified');
  useEffect(() => {
    if (identified && isRecent(identified.at)) arrived({ memberId: identified.memberId, via: 'face', confidence: identified.confidence, sessionId: identified.sessionId });
  }, [identified, arrived]);
  // A check-in on this device (kiosk face, phone, code or a HID scan).
  const checkedIn = useEvent('members.checkedIn');
  useEffect(() => {
    if (!checkedIn || !isRecent(checkedIn.at)) return;
    const confidence = checkedIn.method === 'face' && typeof checkedIn.faceConfidence === 'number' ? checkedIn.faceConfidence : null;
    arrived({ memberId: checkedIn.memberId, via: checkedIn.method, confidence, checkinId: checkedIn.alreadyCheckedIn ? null : checkedIn.checkinId });
  }, [checkedIn, arrived]);

  // A member code scanned anywhere on the console (outside a text field) opens that member.
  useKeyboardWedge(true, (code) => {
    void invoke('members.resolveCode', { code }).then((envelope) => {
      if (envelope.ok) open({ memberId: envelope.value.memberId, via: 'qr', confidence: null });
      else setScanError(envelope.error);
    });
  });
  useShortcut('F2', () => lookupRef.current?.focus());
  useShortcut('F4', () => {
    dispatch({ type: 'serve', isOrderOpen: isOpenRef.current });
    setRecorded(null);
  });

  const rules = useCall('loyalty.getRules', {});
  const tierNames = useMemo(() => {
    if (rules.state.status !== 'ok') return {};
    return Object.fromEntries(rules.state.value.rules.tiers.map((tier) => [tier.id, tier.name[locale]]));
  }, [rules.state, locale]);
  const faceStatus = useCall('face.getStatus', {});
  // HQ's catalogue can change under the open grid (a version took effect): list it again then.
  const catalogueChanged = useEvent('catalogue.changed');
  const catalogueCall = useCall('catalogue.list', {}, catalogueChanged);
  const catalogue = catalogueCall.state.status === 'ok' ? catalogueCall.state.value : [];
  const threshold = faceStatus.state.status === 'ok' ? faceStatus.state.value.thresholds.identify : undefined;

  // "Not this member": tells the face engine (the match is recorded as rejected) and takes back a check-in
  // the wrong member was given, with its points. The screen clears at once; failures are shown, never lost.
  const notThisMember = async (who: AtTill | null) => {
    if (!who) return;
    dispatch({ type: 'clear' });
    setRecorded(null);
    const failures: ErrorInfo[] = [];
    if (who.via === 'face' && who.sessionId) {
      const rejected = await invoke('face.rejectMatch', { sessionId: who.sessionId, memberId: who.memberId });
      if (!rejected.ok) failures.push(rejected.error);
    }
    if (who.checkinId) {
      const voided = await invoke('checkin.void', { opId: `not-this-member:${who.checkinId}`, checkinId: who.checkinId, reason: 'not_this_member' });
      if (!voided.ok && voided.error.code !== 'CHECKIN_NOT_FOUND') failures.push(voided.error);
    }
    setScanError(failures[0] ?? null);
  };

  const setDraft = (memberId: string, draft: OrderDraft) => setDrafts((all) => ({ ...all, [memberId]: draft }));

  return (
    <div className="cashier" data-testid="cashier">
      <ShortcutBar />
      <div className="cashier-left">
        <MemberLookup ref={lookupRef} onFound={(memberId, via) => open({ memberId, via, confidence: null })} />
        {scanError ? <ErrorNotice error={scanError} testId="scan-error" /> : null}
        <NextInLine
          waiting={counter.next}
          onServe={(memberId) => {
            dispatch({ type: 'serve', memberId, isOrderOpen: isOpenRef.current });
            setRecorded(null);
          }}
          onDismiss={(memberId) => dispatch({ type: 'dismiss', memberId })}
        />
        {counter.current ? (
          <CurrentMember
            key={`${counter.current.memberId}-${counter.current.seq}`}
            current={counter.current}
            threshold={threshold}
            catalogue={catalogue}
            tierNames={tierNames}
            draft={drafts[counter.current.memberId] ?? emptyDraft()}
            onDraftChange={(draft) => currentId && setDraft(currentId, draft)}
            recorded={recorded}
            onRecorded={setRecorded}
            onNotThisMember={() => void notThisMember(counter.current)}
          />
        ) : (
          <p className="panel muted" data-testid="cashier-waiting">
            {t('cashier.waiting')}
          </p>
        )}
      </div>
    </div>
  );
}

interface CurrentMemberProps {
  current: AtTill;
  threshold: number | undefined;
  catalogue: CatalogueItem[];
  tierNames: Record<string, string>;
  draft: OrderDraft;
  onDraftChange(draft: OrderDraft): void;
  recorded: PurchaseResult | null;
  onRecorded(result: PurchaseResult): void;
  onNotThisMember(): void;
}

function CurrentMember({ current, threshold, catalogue, tierNames, draft, onDraftChange, recorded, onRecorded, onNotThisMember }: CurrentMemberProps) {
  const { t, money, number, locale } = useI18n();
  const itemName = (sku: string, recorded: string) => catalogue.find((i) => i.itemId === sku)?.name[locale] ?? recorded;
  const [reloadKey, setReloadKey] = useState(0);
  const [isVoiding, setVoiding] = useState(false);
  const [refunded, setRefunded] = useState<RefundResult | null>(null);
  const afterRefund = (result: RefundResult) => {
    setVoiding(false);
    setRefunded(result);
    setReloadKey((k) => k + 1);
  };
  const { state, reload } = useCall('members.getCard', { memberId: current.memberId }, `${current.memberId}-${reloadKey}`);
  if (state.status === 'loading' || state.status === 'idle') return <Loading testId="card-loading" />;
  if (state.status === 'error') return <ErrorNotice error={state.error} onRetry={reload} testId="card-error" />;
  return (
    <div className="cashier-member">
      <MemberCard card={state.value} via={current.via} confidence={current.confidence} confidenceThreshold={threshold} tierNames={tierNames} itemName={itemName} onNotThisMember={onNotThisMember} />
      <div className="cashier-right">
        {recorded ? (
          <div className="panel" data-testid="purchase-recorded">
            <p className="notice notice-ok">
              {t('cashier.purchase.recorded', { amount: money(recorded.paidFen), points: number(recorded.pointsEarned + recorded.referralBonusPoints), balance: number(recorded.balanceAfter) })}
            </p>
            {recorded.tierChangedTo ? <p className="notice notice-ok">{t('cashier.purchase.tierChanged', { tier: tierNames[recorded.tierChangedTo] ?? recorded.tierChangedTo })}</p> : null}
            <ReceiptPrint key={recorded.purchaseId} purchaseId={recorded.purchaseId} />
            {isVoiding ? (
              <RefundDialog purchase={{ purchaseId: recorded.purchaseId, paidFen: recorded.paidFen, refundedFen: 0 }} isVoid onCancel={() => setVoiding(false)} onDone={afterRefund} />
            ) : refunded?.purchaseId === recorded.purchaseId ? null : (
              <button type="button" className="button" onClick={() => setVoiding(true)} data-testid="purchase-void">
                {t('counter.refund.voidOpen')}
              </button>
            )}
          </div>
        ) : null}
        {refunded ? (
          <p className="notice notice-ok" data-testid="refund-done" data-status={refunded.status}>
            {t('counter.refund.done', { amount: money(refunded.amountFen), points: number(refunded.pointsReversed), balance: number(refunded.balanceAfter) })}
          </p>
        ) : null}
        <PurchaseForm
          card={state.value}
          catalogue={catalogue}
          draft={draft}
          onDraftChange={onDraftChange}
          onRecorded={(result) => {
            onRecorded(result);
            setRefunded(null);
            setReloadKey((k) => k + 1);
          }}
        />
        <RecentPurchases memberId={current.memberId} reloadKey={reloadKey} itemName={itemName} onRefunded={afterRefund} />
      </div>
    </div>
  );
}
