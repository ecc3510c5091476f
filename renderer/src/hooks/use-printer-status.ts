import type { EventPayload } from '../../../electron/contract/index.js';
import { useCall, useEvent } from './use-call.js';

/** The receipt printer's state and queue: asked once, then kept current by printing.status events. */
export function usePrinterStatus(): EventPayload<'printing.status'> | null {
  const initial = useCall('printing.getStatus', {});
  const live = useEvent('printing.status');
  return live ?? (initial.state.status === 'ok' ? initial.state.value : null);
}
