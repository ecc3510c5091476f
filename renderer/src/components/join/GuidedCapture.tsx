import { useCallback, useEffect, useState } from 'react';
import type { Envelope, ErrorInfo } from '../../../../electron/contract/index.js';
import { useCamera } from '../../camera/use-camera.js';
import { useFrameLoop } from '../../camera/use-frame-loop.js';
import type { CameraFrame } from '../../camera/capture-frame.js';
import { useI18n } from '../../i18n/i18n-context.js';
import { CameraPreview } from '../kiosk/CameraPreview.js';
import { guidanceKey } from '../kiosk/GuidanceText.js';
import { ErrorNotice } from '../ErrorNotice.js';

export interface EnrolmentFrameVerdict {
  framesCollected: number;
  framesNeeded: number;
  /** A quality-gate code to show the member (or NO_FACE / LIVENESS), or null. */
  issue: string | null;
  /** Enough good, live frames to enrol. */
  isReady: boolean;
}

/** The face engine's side of joining: collects good frames for one member, then enrols them. */
export interface EnrolmentPort {
  /** Shown until the engine reports how many frames it needs. */
  target: number;
  analyze(frame: CameraFrame): Promise<Envelope<EnrolmentFrameVerdict>>;
  finish(): Promise<Envelope<unknown>>;
  reset(): void;
}

type Phase = { kind: 'capturing' } | { kind: 'enrolling' } | { kind: 'failed'; error: ErrorInfo };

/** Guided capture: live feedback per frame, a progress count, then enrolment. Skipping is always possible. */
export function GuidedCapture({ port, onDone, onSkip }: { port: EnrolmentPort; onDone(): void; onSkip(): void }) {
  const { t } = useI18n();
  const camera = useCamera(true);
  const [phase, setPhase] = useState<Phase>({ kind: 'capturing' });
  const [count, setCount] = useState(0);
  const [target, setTarget] = useState(port.target);
  const [issue, setIssue] = useState<string | null>(null);

  const analyze = useCallback(
    async (frame: CameraFrame) => {
      const envelope = await port.analyze(frame);
      if (!envelope.ok) {
        setPhase({ kind: 'failed', error: envelope.error });
        return;
      }
      const v = envelope.value;
      setIssue(v.issue);
      setTarget(v.framesNeeded);
      setCount(Math.min(v.framesCollected, v.framesNeeded));
      if (v.isReady) setPhase({ kind: 'enrolling' });
    },
    [port],
  );
  useFrameLoop(camera.videoRef, camera.state.status === 'live' && phase.kind === 'capturing', analyze, 250);

  useEffect(() => {
    if (phase.kind !== 'enrolling') return;
    let isCurrent = true;
    void port.finish().then((envelope) => {
      if (!isCurrent) return;
      if (envelope.ok) onDone();
      // The good frames aged out of the engine's window while we asked: keep capturing.
      else if (envelope.error.code === 'FACE_ENROLMENT_INSUFFICIENT') setPhase({ kind: 'capturing' });
      else setPhase({ kind: 'failed', error: envelope.error });
    });
    return () => {
      isCurrent = false;
    };
  }, [phase.kind, port, onDone]);

  const retry = () => {
    port.reset();
    setCount(0);
    setIssue(null);
    setPhase({ kind: 'capturing' });
  };

  return (
    <div className="kiosk-card capture" data-testid="guided-capture" data-phase={phase.kind} data-count={count}>
      <h2>{t('join.capture.title')}</h2>
      <div className="capture-camera">
        <CameraPreview
          videoRef={camera.videoRef}
          state={camera.state}
          onRetry={camera.retry}
          overlay={<div className="guidance" data-testid="capture-guidance">{issue === 'NO_FACE' ? t('kiosk.guide.noFace') : issue === 'LIVENESS' ? t('kiosk.spoof.title') : issue ? t(guidanceKey(issue)) : t('join.capture.hint')}</div>}
        />
      </div>
      <progress className="capture-progress" max={target} value={count} />
      <p data-testid="capture-progress">{phase.kind === 'enrolling' ? t('join.capture.enrolling') : t('join.capture.progress', { count, total: target })}</p>
      {phase.kind === 'failed' ? (
        <>
          <p className="notice notice-warn" data-testid="capture-failed" data-code={phase.error.code}>
            {phase.error.code === 'FACE_ENROLMENT_CONFLICT'
              ? t('join.capture.conflict')
              : // Self-enrolment is open only shortly after joining and only once (staff can enrol later).
                phase.error.code === 'UNAUTHORIZED' || phase.error.code === 'FORBIDDEN'
                ? t('join.capture.notAllowed')
                : phase.error.code === 'FACE_LIVENESS_FAILED'
                  ? t('kiosk.spoof.title')
                  : t('join.capture.failed')}
          </p>
          <ErrorNotice error={phase.error} testId="capture-error" />
          <button type="button" className="button button-big" onClick={retry} data-testid="capture-retry">
            {t('common.retry')}
          </button>
        </>
      ) : null}
      <button type="button" className="button button-link" onClick={onSkip} data-testid="capture-skip">
        {t('join.capture.skip')}
      </button>
    </div>
  );
}
