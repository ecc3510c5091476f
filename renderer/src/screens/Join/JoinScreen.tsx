import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { ErrorInfo } from '../../../../electron/contract/index.js';
import { useSystemInfo } from '../../hooks/system-info-context.js';
import { FaceConsent, type Guardian } from '../../components/join/FaceConsent.js';
import { GuidedCapture } from '../../components/join/GuidedCapture.js';
import { JoinDetailsForm, type JoinDetails } from '../../components/join/JoinDetailsForm.js';
import { JoinDone } from '../../components/join/JoinDone.js';
import { useInvoke } from '../../hooks/use-call.js';
import { useI18n } from '../../i18n/i18n-context.js';
import { FACE_CONSENT_TEXT_VERSION } from '../../i18n/consent-text.js';
import { useEnrolmentPort } from './enrolment-port.js';
import { needsGuardian, storeToday } from './join-age.js';

interface Joined {
  memberId: string;
  name: string;
  points: number;
  birthday: string | null;
}

type Step = 'details' | 'consent' | 'capture' | 'done';
const STEP_NUMBER: Record<Step, number> = { details: 1, consent: 2, capture: 3, done: 4 };
/** Someone who walks away mid-way: the form goes back to the kiosk rather than waiting for the next person. */
const IDLE_MS = 90_000;

function useIdleReturn(onIdle: () => void) {
  const onIdleRef = useRef(onIdle);
  onIdleRef.current = onIdle;
  useEffect(() => {
    const fire = () => onIdleRef.current();
    let timer = setTimeout(fire, IDLE_MS);
    const touch = () => {
      clearTimeout(timer);
      timer = setTimeout(fire, IDLE_MS);
    };
    const events = ['pointerdown', 'keydown'] as const;
    for (const e of events) window.addEventListener(e, touch, true);
    return () => {
      clearTimeout(timer);
      for (const e of events) window.removeEventListener(e, touch, true);
    };
  }, []);
}

/** Joining in under a minute: details → separate face consent (decline still joins) → guided capture → done. */
export function JoinScreen({ onFinished }: { onFinished(): void }) {
  const { t, timeZone } = useI18n();
  const invoke = useInvoke();
  const { state: info } = useSystemInfo();
  const [step, setStep] = useState<Step>('details');
  const [joined, setJoined] = useState<Joined | null>(null);
  const [hasFace, setHasFace] = useState(false);
  const [error, setError] = useState<ErrorInfo | null>(null);
  const [isBusy, setBusy] = useState(false);
  // One operation id per attempt: a double tap or a retry after a lost reply cannot create two members.
  const createOpId = useRef(crypto.randomUUID());
  const enrolment = useEnrolmentPort(joined?.memberId ?? null);
  useIdleReturn(onFinished);

  const create = async (details: JoinDetails) => {
    setBusy(true);
    setError(null);
    const envelope = await invoke('members.create', { opId: createOpId.current, name: details.name, phone: details.phone, ...(details.birthday ? { birthday: details.birthday } : {}) });
    setBusy(false);
    if (!envelope.ok) {
      createOpId.current = crypto.randomUUID();
      return setError(envelope.error);
    }
    setJoined({ memberId: envelope.value.memberId, name: envelope.value.name ?? details.name, points: envelope.value.pointsBalance, birthday: details.birthday });
    setStep('consent');
  };

  const agree = async (guardian: Guardian | null, adultAttested: boolean) => {
    if (!joined) return;
    setBusy(true);
    setError(null);
    const device = info.status === 'ok' ? `${info.value.transport}:${info.value.store.id}` : undefined;
    const envelope = await invoke('consent.grant', {
      opId: crypto.randomUUID(),
      memberId: joined.memberId,
      kind: 'face',
      textVersion: FACE_CONSENT_TEXT_VERSION,
      ...(device ? { device } : {}),
      ...(guardian ? { guardian } : {}),
      ...(adultAttested ? { adultAttested: true } : {}),
    });
    setBusy(false);
    if (!envelope.ok) return setError(envelope.error);
    setStep('capture');
  };

  const finishWithoutFace = useCallback(() => {
    setHasFace(false);
    setError(null);
    setStep('done');
  }, []);
  const finishWithFace = useCallback(() => {
    setHasFace(true);
    setStep('done');
  }, []);
  const isMinor = useMemo(() => needsGuardian(joined?.birthday ?? null, storeToday(new Date(), timeZone)), [joined, timeZone]);

  return (
    <div className="join" data-testid="join" data-step={step}>
      <p className="muted" data-testid="join-step">
        {t('join.title')} · {t('join.steps', { step: STEP_NUMBER[step], total: 4 })}
      </p>
      {step === 'details' ? <JoinDetailsForm isBusy={isBusy} error={error} onSubmit={(d) => void create(d)} onCancel={onFinished} /> : null}
      {step === 'consent' ? <FaceConsent textVersion={FACE_CONSENT_TEXT_VERSION} needsGuardian={isMinor} needsAgeAttestation={joined?.birthday == null} isBusy={isBusy} error={error} onAgree={(g, adult) => void agree(g, adult)} onDecline={finishWithoutFace} /> : null}
      {step === 'capture' && enrolment ? <GuidedCapture port={enrolment} onDone={finishWithFace} onSkip={finishWithoutFace} /> : null}
      {step === 'done' && joined ? <JoinDone memberId={joined.memberId} name={joined.name} points={joined.points} hasFace={hasFace} onBack={onFinished} /> : null}
    </div>
  );
}
