import { deferredChangeCounts } from '../../../edge-sync/client/downlink-deferred.js';
import { advise, check, found, type DoctorCheck, type DoctorInputs } from './doctor-inputs.js';

/**
 * Changes from HQ this app version does not understand (downlink forward compatibility): HQ already
 * runs a newer version than this store. They are kept, the rest of the feed keeps arriving, and the
 * updated app applies them at its next start; until then the store misses what they say (a new kind
 * of coupon, say, or an erasure in a newer shape), so store IT should update the app.
 */
export function checkDownlink(inputs: DoctorInputs): DoctorCheck {
  const title = 'Changes from HQ';
  if (!inputs.db) return check('downlink', title, 'skip', found('downlink.noDb', 'Database not open.'));
  const { total, byType } = deferredChangeCounts(inputs.db);
  // Type names and counts only: never a body.
  const types = Object.entries(byType)
    .map(([type, n]) => `${type}:${n}`)
    .join(',');
  if (total > 0) {
    return check(
      'downlink',
      title,
      'warn',
      found('downlink.deferred', `HQ sent ${total} change(s) this app version does not understand — update the app.`, { count: total }),
      advise('downlink.updateApp', 'Update the app: the updated app applies them by itself when it starts. Everything else from HQ keeps arriving meanwhile.'),
      { deferred: total, types },
    );
  }
  if (!inputs.config.hq.url) return check('downlink', title, 'skip', found('downlink.noHq', 'No HQ configured.'));
  return check('downlink', title, 'ok', found('downlink.ok', 'Every change HQ sent was understood by this app version.'), null, { deferred: 0 });
}
