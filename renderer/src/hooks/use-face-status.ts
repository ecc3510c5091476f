import type { ResultOf } from '../../../electron/contract/index.js';
import { useCall, useEvent } from './use-call.js';

export type FaceStatus = ResultOf<'face.getStatus'>;

/** The face engine's state (model warm-up, down, disabled): the first answer, then live updates. */
export function useFaceStatus(): FaceStatus | null {
  const initial = useCall('face.getStatus', {});
  const live = useEvent('face.status');
  return live ?? (initial.state.status === 'ok' ? initial.state.value : null);
}
