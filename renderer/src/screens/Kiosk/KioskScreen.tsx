import { useCallback, useEffect, useReducer, useRef, useState } from 'react';
import { useCamera } from '../../camera/use-camera.js';
import { useFrameLoop } from '../../camera/use-frame-loop.js';
import type { CameraFrame } from '../../camera/capture-frame.js';
import { ErrorNotice } from '../../components/ErrorNotice.js';
import { CameraPreview } from '../../components/kiosk/CameraPreview.js';
import { CustomerOrder } from '../../components/kiosk/CustomerOrder.js';
import { CheckinResult } from '../../components/kiosk/CheckinResult.js';
import { FallbackBar } from '../../components/kiosk/FallbackBar.js';
import { JoinInvitation } from '../../components/kiosk/JoinInvitation.js';
import { MemberGreeting } from '../../components/kiosk/MemberGreeting.js';
import { PhoneKeypad } from '../../components/kiosk/PhoneKeypad.js';
import { GuidanceText } from '../../components/kiosk/GuidanceText.js';
import { QrPrompt } from '../../components/kiosk/QrPrompt.js';
import { ScanResultCard } from '../../components/kiosk/ScanResultCard.js';
import { TicketButton, TicketPanel } from '../../components/kiosk/TicketPanel.js';
import { useKeyboardWedge } from '../../hooks/use-keyboard-wedge.js';
import { useFaceStatus } from '../../hooks/use-face-status.js';
import { useEvent } from '../../hooks/use-call.js';
import { usePrinterStatus } from '../../hooks/use-printer-status.js';
import { useI18n } from '../../i18n/i18n-context.js';
import { useSystemInfo } from '../../hooks/system-info-context.js';
import { initialKioskState, kioskReducer } from './kiosk-machine.js';
import { useFaceSession } from './face-session.js';
import { scanResultOf, useKioskServices } from './kiosk-services.js';
import { ticketOffer } from './kiosk-ticket.js';

/** After a completed check-in the kiosk greets the next person by itself. */
const DONE_RESET_MS = 8_000;
/** A keypad, code prompt or invitation left alone goes back to the attract state. */
const IDLE_RESET_MS = 45_000;
/** Print jobs remembered so a job that finished before its request was answered still moves the ticket on. */
const RECENT_JOBS = 20;
/** The host replays the last scan on connect: only a fresh one is shown. */
const RECENT_SCAN_MS = 10_000;
const ANALYZE_BACKOFF_MS = 1_000;

export function KioskScreen({ onJoin }: { onJoin(): void }) {
  const { t, locale, setLocale } = useI18n();
  const systemInfo = useSystemInfo();
  const face = useFaceSession();
  const services = useKioskServices(locale, face);
  const [state, dispatch] = useReducer(kioskReducer, initialKioskState);
  const isCameraWanted = state.kind !== 'phone' && state.kind !== 'qr';
  const camera = useCamera(true, services.reportCamera);
  const stateRef = useRef(state);
  stateRef.current = state;

  const analyze = useCallback(
    async (frame: CameraFrame) => {
      const envelope = await services.analyzeFrame(frame);
      if (envelope.ok && envelope.value) dispatch({ type: 'frame', outcome: envelope.value });
      // Engine warming up or restarting: ease off instead of sending frames it cannot take yet.
      if (!envelope.ok) await new Promise((resolve) => setTimeout(resolve, ANALYZE_BACKOFF_MS));
    },
    [services],
  );
  const faceStatus = useFaceStatus();
  // No frames while the engine is down or switched off: the kiosk says so and serves by phone and code.
  const isFaceAvailable = faceStatus === null || faceStatus.state === 'ready' || faceStatus.state === 'starting' || faceStatus.state === 'restarting';
  const isWatching = isFaceAvailable && camera.state.status === 'live' && isCameraWanted && (state.kind === 'attract' || state.kind === 'guiding' || state.kind === 'spoof' || state.kind === 'unknown');
  useFrameLoop(camera.videoRef, isWatching, analyze);

  // identifying → load the member record (the name comes from membership, never from the face engine).
  useEffect(() => {
    if (state.kind !== 'identifying') return;
    let isCurrent = true;
    void services.loadMember(state.memberId).then((envelope) => {
      if (!isCurrent) return;
      if (envelope.ok && envelope.value) dispatch({ type: 'member-loaded', member: envelope.value });
      else if (envelope.ok || envelope.error.code === 'NOT_FOUND') dispatch({ type: 'lookup-not-found' });
      else dispatch({ type: 'failed', error: envelope.error });
    });
    return () => {
      isCurrent = false;
    };
  }, [state, services]);

  // phone submitted → the whole number checks in; four digits offer masked names, and the chosen
  // one is confirmed with two more digits before anything about the member is shown (issue 14, P5).
  const phoneDigits = state.kind === 'phone' && state.isSearching ? state.digits : null;
  const chosenToken = state.kind === 'phone' ? state.chosenToken : null;
  const confirmDigits = state.kind === 'phone' && state.isSearching ? state.confirmDigits : null;
  useEffect(() => {
    if (phoneDigits === null) return;
    const pending = chosenToken !== null && confirmDigits !== null ? services.confirmPhoneChoice(chosenToken, confirmDigits) : services.checkInByPhone(phoneDigits);
    void pending.then((envelope) => {
      if (!envelope.ok) return dispatch({ type: 'failed', error: envelope.error });
      const outcome = envelope.value;
      if (outcome.kind === 'checked-in') dispatch({ type: 'checked-in-directly', member: outcome.member, via: 'phone', summary: outcome.summary });
      else if (outcome.kind === 'choices') dispatch({ type: 'phone-choices', candidates: outcome.candidates });
      else if (outcome.kind === 'rejected') dispatch({ type: 'phone-rejected', problem: outcome.problem });
      else if (outcome.kind === 'cooldown') dispatch({ type: 'phone-cooldown', seconds: outcome.seconds });
      else dispatch({ type: 'lookup-not-found' });
    });
  }, [phoneDigits, chosenToken, confirmDigits, services]);
  // The cool-down counts down on screen, one second at a time.
  const isCoolingDown = state.kind === 'phone' && state.cooldownSeconds !== null;
  useEffect(() => {
    if (!isCoolingDown) return;
    const timer = setInterval(() => dispatch({ type: 'phone-cooldown-tick' }), 1000);
    return () => clearInterval(timer);
  }, [isCoolingDown]);

  // Member QR codes from a keyboard-wedge scanner (checkin.byCode): accepted in every state but the phone keypad (digits go there).
  useKeyboardWedge(state.kind !== 'phone', (code) => {
    void services.checkInByCode(code).then((envelope) => {
      if (!envelope.ok) return dispatch({ type: 'failed', error: envelope.error });
      const outcome = envelope.value;
      if (outcome.kind === 'checked-in') dispatch({ type: 'checked-in-directly', member: outcome.member, via: 'qr', summary: outcome.summary });
      else dispatch({ type: 'scanned', result: outcome.result });
    });
  });

  // A USB (HID) scanner is read by the services; its scans arrive as events. Wedge scans are handled above.
  const hidScan = useEvent('devices.scanned');
  useEffect(() => {
    if (!hidScan || hidScan.source !== 'hid' || Date.now() - Date.parse(hidScan.at) > RECENT_SCAN_MS) return;
    const result = scanResultOf(hidScan);
    if (result) dispatch({ type: 'scanned', result });
  }, [hidScan]);

  const checkIn = useCallback(async () => {
    const s = stateRef.current;
    if (s.kind !== 'member') return;
    dispatch({ type: 'checkin-started' });
    const envelope = await services.checkIn(s.member.id, s.via);
    dispatch(envelope.ok ? { type: 'checkin-done', summary: envelope.value } : { type: 'checkin-failed', error: envelope.error });
  }, [services]);

  // The ticket: the printer's state decides whether it is offered; the job's progress arrives as events.
  const printer = usePrinterStatus();
  const offer = ticketOffer(printer?.printer ?? null);
  const jobUpdate = useEvent('printing.jobUpdated');
  const recentJobs = useRef(new Map<string, NonNullable<typeof jobUpdate>>());
  useEffect(() => {
    if (!jobUpdate) return;
    recentJobs.current.delete(jobUpdate.id);
    recentJobs.current.set(jobUpdate.id, jobUpdate);
    if (recentJobs.current.size > RECENT_JOBS) recentJobs.current.delete(recentJobs.current.keys().next().value as string);
    dispatch({ type: 'print-job', job: jobUpdate });
  }, [jobUpdate]);
  const printTicket = useCallback(async () => {
    const s = stateRef.current;
    if (s.kind !== 'member' || s.checkin.status !== 'done') return;
    dispatch({ type: 'ticket-requested' });
    const status = await services.printTicket(s.checkin.summary.checkinId);
    dispatch({ type: 'ticket', status });
    // The queue may have printed it before the request was answered: catch up with what already happened.
    const seen = status.status === 'queued' ? recentJobs.current.get(status.jobId) : undefined;
    if (seen) dispatch({ type: 'print-job', job: seen });
  }, [services]);

  // Return to the attract state on our own: soon after a check-in, later when a screen is left alone.
  const isDone = (state.kind === 'member' && state.checkin.status === 'done') || state.kind === 'scanned';
  const isIdleable = state.kind === 'phone' || state.kind === 'qr' || state.kind === 'member' || state.kind === 'error' || state.kind === 'scanned';

  const onPhone = useCallback(() => dispatch({ type: 'open-phone' }), []);
  const onQr = useCallback(() => dispatch({ type: 'open-qr' }), []);
  const onDigit = useCallback((digit: string) => dispatch({ type: 'phone-digit', digit }), []);
  const onDelete = useCallback(() => dispatch({ type: 'phone-delete' }), []);
  const onClear = useCallback(() => dispatch({ type: 'phone-clear' }), []);
  const onSubmit = useCallback(() => dispatch({ type: 'phone-submit' }), []);
  const onReset = useCallback(() => dispatch({ type: 'reset' }), []);
  // Wrongly recognised: the engine is told (face.rejectMatch, allowed for the member this session
  // shows), then the session is forgotten and the member continues by phone. "Not me" is offered
  // only before checking in; a check-in already recorded for the wrong member is not reversed here.
  const [isRejecting, setRejecting] = useState(false);
  const onNotMe = useCallback(async () => {
    const s = stateRef.current;
    if (s.kind !== 'member' || s.via !== 'face') return;
    setRejecting(true);
    // Whatever the answer (engine restarting, session expired), the member is never left on someone else's name.
    await services.rejectMatch(s.member.id);
    setRejecting(false);
    face.reset();
    dispatch({ type: 'open-phone' });
  }, [face, services]);

  // Back in the attract state means the person left: the next face starts a fresh engine session,
  // so nothing of the previous person's frames or confirmed match can carry over.
  const isAttract = state.kind === 'attract';
  useEffect(() => {
    if (isAttract) face.reset();
  }, [isAttract, face]);
  // The next person starts in the store's language, whatever the previous one chose.
  const storeLocale = systemInfo.state.status === 'ok' ? systemInfo.state.value.locale : null;
  useEffect(() => {
    if (isAttract && storeLocale && !new URLSearchParams(window.location.search).has('lang')) setLocale(storeLocale);
  }, [isAttract, storeLocale, setLocale]);

  useEffect(() => {
    if (!isDone && !isIdleable) return;
    const timer = setTimeout(onReset, isDone ? DONE_RESET_MS : IDLE_RESET_MS);
    return () => clearTimeout(timer);
  }, [isDone, isIdleable, state, onReset]);

  return (
    <div className="kiosk" data-testid="kiosk" data-state={state.kind}>
      <div className="kiosk-camera">
        <CameraPreview videoRef={camera.videoRef} state={camera.state} onRetry={camera.retry} overlay={<GuidanceText state={state} />} />
      </div>
      <div className="kiosk-panel">
        {/* Two-screen counter: the sale being entered at the till, above whatever the member is doing here. */}
        <CustomerOrder />
        {state.kind === 'attract' || state.kind === 'guiding' ? (
          <div className="kiosk-card" data-testid="kiosk-attract">
            <h1>{t('kiosk.attract.title')}</h1>
            <p>{t('kiosk.attract.subtitle')}</p>
            {!isFaceAvailable ? <p className="notice notice-warn" data-testid="kiosk-face-unavailable">{t('kiosk.faceUnavailable')}</p> : null}
            {faceStatus?.state === 'starting' || faceStatus?.state === 'restarting' ? <p className="notice notice-info" data-testid="kiosk-face-warming">{t('status.workerStarting')}</p> : null}
            {/* Joining never depends on the camera recognising someone first. */}
            <button type="button" className="button button-big" onClick={onJoin} data-testid="kiosk-join-offer">
              {t('kiosk.join.offer')}
            </button>
          </div>
        ) : null}
        {state.kind === 'spoof' ? (
          <div className="kiosk-card kiosk-refused" role="alert" data-testid="kiosk-spoof">
            <h1>{t('kiosk.spoof.title')}</h1>
            <p>{t('kiosk.spoof.body')}</p>
          </div>
        ) : null}
        {state.kind === 'unknown' ? <JoinInvitation onJoin={onJoin} /> : null}
        {state.kind === 'identifying' ? (
          <div className="kiosk-card" data-testid="kiosk-identifying">
            <p>{t('kiosk.guide.looking')}</p>
          </div>
        ) : null}
        {state.kind === 'phone' ? (
          <PhoneKeypad
            digits={state.digits}
            problem={state.problem}
            isSearching={state.isSearching}
            candidates={state.candidates}
            chosenToken={state.chosenToken}
            confirmDigits={state.confirmDigits}
            cooldownSeconds={state.cooldownSeconds}
            onChoose={(token) => dispatch({ type: 'phone-choose', token })}
            onDigit={onDigit}
            onDelete={onDelete}
            onClear={onClear}
            onSubmit={onSubmit}
            onCancel={onReset}
            onJoin={onJoin}
          />
        ) : null}
        {state.kind === 'qr' ? <QrPrompt problem={state.problem} onCancel={onReset} /> : null}
        {state.kind === 'scanned' ? <ScanResultCard result={state.result} onDone={onReset} /> : null}
        {state.kind === 'member' ? (
          <div className="kiosk-card" data-testid="kiosk-member" data-via={state.via}>
            <MemberGreeting member={state.member} />
            {state.checkin.status === 'done' ? <CheckinResult summary={state.checkin.summary} /> : null}
            {state.checkin.status === 'error' ? <ErrorNotice error={state.checkin.error} onRetry={() => void checkIn()} testId="checkin-error" /> : null}
            {state.checkin.status === 'done' ? <TicketPanel offer={offer} ticket={state.ticket} /> : null}
            <div className="row kiosk-actions">
              {state.checkin.status !== 'done' ? (
                <button type="button" className="button button-big button-primary" onClick={() => void checkIn()} disabled={state.checkin.status === 'working'} data-testid="checkin-button">
                  {state.checkin.status === 'working' ? t('kiosk.checkin.working') : t('kiosk.checkin.button')}
                </button>
              ) : (
                <>
                  <TicketButton offer={offer} ticket={state.ticket} onPrint={() => void printTicket()} />
                  <button type="button" className="button button-big button-primary" onClick={onReset} data-testid="kiosk-finish">
                    {t('kiosk.finish')}
                  </button>
                </>
              )}
              {state.via === 'face' && state.checkin.status !== 'done' ? (
                <button type="button" className="button button-link" onClick={() => void onNotMe()} disabled={isRejecting || state.checkin.status === 'working'} data-testid="kiosk-not-me">
                  {t('kiosk.notMe')}
                </button>
              ) : null}
            </div>
          </div>
        ) : null}
        {state.kind === 'error' ? <ErrorNotice error={state.error} onRetry={onReset} testId="kiosk-error" /> : null}
      </div>
      <FallbackBar onPhone={onPhone} onQr={onQr} />
    </div>
  );
}
