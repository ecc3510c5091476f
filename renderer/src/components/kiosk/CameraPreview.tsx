import type { ReactNode, RefObject } from 'react';
import type { CameraState, CameraUnavailableReason } from '../../camera/use-camera.js';
import type { MessageKey } from '../../i18n/catalogue.js';

const REASON_KEYS: Record<CameraUnavailableReason, MessageKey> = {
  'no-camera': 'kiosk.camera.unavailable',
  unplugged: 'kiosk.camera.unplugged',
  denied: 'kiosk.camera.denied',
  busy: 'kiosk.camera.busy',
  error: 'kiosk.camera.unavailable',
};
import { useI18n } from '../../i18n/i18n-context.js';

/** The live preview (mirrored, as people expect of a selfie view) with the camera's own states. */
export function CameraPreview({ videoRef, state, onRetry, overlay }: { videoRef: RefObject<HTMLVideoElement | null>; state: CameraState; onRetry: () => void; overlay?: ReactNode }) {
  const { t } = useI18n();
  return (
    <div className="camera" data-testid="camera" data-state={state.status}>
      <video ref={videoRef} className="camera-video" muted playsInline autoPlay data-testid="camera-video" />
      {state.status === 'starting' ? <div className="camera-cover">{t('kiosk.camera.starting')}</div> : null}
      {state.status === 'unavailable' ? (
        <div className="camera-cover camera-unavailable" role="alert" data-testid="camera-unavailable" data-reason={state.reason}>
          <strong>{t(REASON_KEYS[state.reason])}</strong>
          <span>{t('kiosk.camera.unavailableHint')}</span>
          <button type="button" className="button" onClick={onRetry} data-testid="camera-retry">
            {t('kiosk.camera.retry')}
          </button>
        </div>
      ) : null}
      {state.status === 'live' && overlay ? <div className="camera-overlay">{overlay}</div> : null}
    </div>
  );
}
