import type { KioskState } from './kiosk-types.js';
import { useI18n } from '../../i18n/i18n-context.js';
import type { MessageKey } from '../../i18n/catalogue.js';

const ISSUE_KEYS: Record<string, MessageKey> = {
  looking: 'kiosk.guide.looking',
  FACE_TOO_SMALL: 'kiosk.guide.FACE_TOO_SMALL',
  FACE_AT_EDGE: 'kiosk.guide.FACE_AT_EDGE',
  TOO_DARK: 'kiosk.guide.TOO_DARK',
  TOO_BRIGHT: 'kiosk.guide.TOO_BRIGHT',
  BLURRED: 'kiosk.guide.BLURRED',
  TURNED_AWAY: 'kiosk.guide.TURNED_AWAY',
  MULTIPLE_FACES: 'kiosk.guide.MULTIPLE_FACES',
  CUE_TURN_HEAD: 'kiosk.guide.CUE_TURN_HEAD',
};

/** Maps a quality-gate code from the face engine to a sentence; unknown codes get a generic hint. */
export function guidanceKey(hint: string): MessageKey {
  return ISSUE_KEYS[hint] ?? 'kiosk.guide.other';
}

/** One short line over the preview telling the member what to do next. */
export function GuidanceText({ state }: { state: KioskState }) {
  const { t } = useI18n();
  let text: string | null = null;
  if (state.kind === 'attract') text = t('kiosk.guide.noFace');
  else if (state.kind === 'guiding') text = t(guidanceKey(state.hint));
  else if (state.kind === 'identifying') text = t('kiosk.guide.looking');
  if (text === null) return null;
  return (
    <div className="guidance" data-testid="guidance" data-hint={state.kind === 'guiding' ? state.hint : state.kind} aria-live="polite">
      {text}
    </div>
  );
}
