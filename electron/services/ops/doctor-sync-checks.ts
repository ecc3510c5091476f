import { outboxCounts, uploadState } from '../../../edge-sync/client/outbox-store.js';
import { advise, check, errText, found, type DoctorCheck, type DoctorInputs, type HttpGet } from './doctor-inputs.js';

/** The doctor's head-office checks: reachability and clock, credentials, the outbox and the upload streak. */
export const CLOCK_WARN_MS = 30_000;
export const CLOCK_FAIL_MS = 5 * 60_000;
/** Store→HQ lag target is 5 minutes; a pending event older than this means sync is stuck. */
export const OUTBOX_STALE_MS = 5 * 60_000;

/** A URL fit for a report: no user, password or query string (they may carry credentials). */
export function displayUrl(url: string): string {
  try {
    const u = new URL(url);
    u.username = '';
    u.password = '';
    u.search = '';
    return u.toString();
  } catch {
    return '(invalid URL)';
  }
}

export async function checkHq(inputs: DoctorInputs): Promise<DoctorCheck[]> {
  const url = inputs.config.hq.url;
  if (!url) {
    return [
      check('hq', 'Head office (HQ)', 'skip', found('hq.none', 'No HQ configured: this kiosk runs standalone (demo or single store).'), null),
      check('clock', 'Clock', 'skip', found('clock.noHq', 'Clock skew is measured against HQ; no HQ configured.')),
    ];
  }
  const out: DoctorCheck[] = [];
  const healthUrl = new URL('v1/health', url.endsWith('/') ? url : `${url}/`).toString();
  const get = inputs.httpGet ?? (fetch as unknown as HttpGet);
  const sentAt = Date.now();
  let res: Awaited<ReturnType<HttpGet>>;
  try {
    res = await get(healthUrl, { signal: AbortSignal.timeout(5000) });
  } catch (error) {
    const cause = (error as { cause?: { code?: string } }).cause?.code ?? (error as Error).name;
    out.push(check('hq', 'Head office (HQ)', 'fail', found('hq.unreachable', `HQ unreachable at ${displayUrl(healthUrl)} (${cause}).`, { url: displayUrl(healthUrl) }), advise('hq.network', 'Check the network cable/Wi-Fi and that hq.url is right; events wait in the outbox and are sent when HQ is back.')));
    out.push(check('clock', 'Clock', 'skip', found('clock.hqUnreachable', 'Cannot compare with HQ while it is unreachable.')));
    return out;
  }
  const roundTrip = Date.now() - sentAt;
  if (!res.ok) out.push(check('hq', 'Head office (HQ)', 'fail', found('hq.unhealthy', `HQ answered ${res.status} at ${displayUrl(healthUrl)}.`, { status: res.status }), advise('hq.tellHq', 'HQ is up but unhealthy: tell HQ operations. Events wait in the outbox.'), { status: res.status }));
  else out.push(check('hq', 'Head office (HQ)', 'ok', found('hq.ok', `HQ reachable (${roundTrip} ms).`, { ms: roundTrip }), null, { roundTripMs: roundTrip }));

  // HQ's time: "hqTime" in the health body (edge-sync/hq), else the HTTP Date header (second precision).
  let hqTime: number | null = null;
  try {
    const body = JSON.parse(await res.text()) as Record<string, unknown>;
    const t = body.hqTime ?? body.time ?? body.now;
    if (typeof t === 'string' && !Number.isNaN(Date.parse(t))) hqTime = Date.parse(t);
  } catch {
    // not JSON: fall back to the header
  }
  const dateHeader = res.headers.get('date');
  if (hqTime === null && dateHeader && !Number.isNaN(Date.parse(dateHeader))) hqTime = Date.parse(dateHeader);
  if (hqTime === null) out.push(check('clock', 'Clock', 'skip', found('clock.notReported', 'HQ did not report its time.')));
  else {
    const skew = inputs.now().getTime() - (hqTime + roundTrip / 2);
    const abs = Math.abs(skew);
    const data = { skewMs: Math.round(skew) };
    const secs = Math.round(abs / 1000);
    const dir = skew > 0 ? 'ahead of' : 'behind';
    const off = found(skew > 0 ? 'clock.ahead' : 'clock.behind', `This PC's clock is ${secs} s ${dir} HQ.`, { seconds: secs });
    if (abs > CLOCK_FAIL_MS) out.push(check('clock', 'Clock', 'fail', off, advise('clock.setAndSync', 'Set the time zone and turn on automatic time sync (Windows: Settings → Time; Linux: timedatectl set-ntp true). Wrong clocks break daily check-in streaks and birthday months.'), data));
    else if (abs > CLOCK_WARN_MS) out.push(check('clock', 'Clock', 'warn', off, advise('clock.turnOnSync', 'Turn on automatic time sync.'), data));
    else out.push(check('clock', 'Clock', 'ok', found('clock.ok', `Clock within ${secs} s of HQ.`, { seconds: secs }), null, data));
  }
  return out;
}

export function checkCredentials(inputs: DoctorInputs): DoctorCheck {
  const title = 'HQ credentials';
  if (!inputs.config.hq.url) return check('hq.credentials', title, 'skip', found('credentials.noHq', 'No HQ configured.'));
  if (!inputs.hqCredentials) return check('hq.credentials', title, 'warn', found('credentials.unavailable', 'The credential check is not available in this build.'), advise('credentials.checkSync', 'Check the Sync screen shows "provisioned".'));
  const c = inputs.hqCredentials();
  if (c.present) return check('hq.credentials', title, 'ok', found('credentials.ok', `Device credentials present${c.detail ? ` (${c.detail})` : ''}.`));
  return check('hq.credentials', title, 'fail', found('credentials.missing', `No device credentials: ${c.detail || 'not provisioned'}.`), advise('credentials.provision', 'Provision this terminal: npm run provision -- --store <id> --hq <url> --token <token> (or the first-run screen).'));
}

export function checkOutbox(inputs: DoctorInputs): DoctorCheck {
  const title = 'Outbox to HQ';
  if (!inputs.db) return check('outbox', title, 'skip', found('outbox.noDb', 'Database not open.'));
  const b = outboxCounts(inputs.db);
  const ageMs = b.oldestPendingAt ? inputs.now().getTime() - Date.parse(b.oldestPendingAt) : 0;
  const data = { pending: b.pending, parked: b.parked, oldestPendingAt: b.oldestPendingAt, oldestAgeS: Math.round(ageMs / 1000) };
  if (b.parked > 0) {
    return check('outbox', title, 'warn', found('outbox.parked', `${b.parked} event(s) parked after repeated failures; ${b.pending} pending.`, { parked: b.parked, pending: b.pending }), advise('outbox.sendBundle', 'Send a support bundle to HQ operations: parked events are kept, never dropped, and need their attention.'), data);
  }
  if (b.pending === 0) return check('outbox', title, 'ok', found('outbox.empty', 'Nothing waiting for HQ.'), null, data);
  if (!inputs.config.hq.url) return check('outbox', title, 'ok', found('outbox.local', `${b.pending} event(s) kept locally (no HQ configured).`, { pending: b.pending }), null, data);
  if (ageMs > OUTBOX_STALE_MS) {
    return check('outbox', title, 'warn', found('outbox.stale', `${b.pending} event(s) waiting; the oldest for ${Math.round(ageMs / 60000)} min.`, { pending: b.pending, minutes: Math.round(ageMs / 60000) }), advise('outbox.checkHq', 'Check HQ reachability and credentials above; events are sent automatically once HQ answers.'), data);
  }
  return check('outbox', title, 'ok', found('outbox.moving', `${b.pending} event(s) on their way.`, { pending: b.pending }), null, data);
}

/** A duration in words for store IT ("40 seconds", "25 minutes", "3 hours 5 minutes", "2 days"). */
export function durationInWords(ms: number): string {
  const plural = (n: number, unit: string) => `${n} ${unit}${n === 1 ? '' : 's'}`;
  const seconds = Math.max(0, Math.round(ms / 1000));
  if (seconds < 90) return plural(seconds, 'second');
  const minutes = Math.round(seconds / 60);
  if (minutes < 90) return plural(minutes, 'minute');
  if (minutes < 48 * 60) return minutes % 60 === 0 ? plural(minutes / 60, 'hour') : `${plural(Math.floor(minutes / 60), 'hour')} ${plural(minutes % 60, 'minute')}`;
  return plural(Math.round(minutes / 1440), 'day');
}

/** An instant as the store's wall clock shows it, e.g. "2026-11-20 12:00:20". */
function storeClock(iso: string, timeZone: string): string {
  return new Intl.DateTimeFormat('sv-SE', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' }).format(new Date(iso));
}

/** An attempt this late means no uploader is running (the kiosk app is closed), not one merely in flight. */
const ATTEMPT_OVERDUE_MS = 60_000;

/**
 * Since when HQ has been unreachable and when the uploader tries next, from what the uploader
 * keeps in the store database (so the CLI, a separate process, sees it too).
 */
export function checkUploads(inputs: DoctorInputs): DoctorCheck {
  const title = 'Uploads to HQ';
  if (!inputs.config.hq.url) return check('sync', title, 'skip', found('sync.noHq', 'No HQ configured.'));
  if (!inputs.db) return check('sync', title, 'skip', found('sync.noDb', 'Database not open.'));
  const s = uploadState(inputs.db);
  const tz = inputs.config.store.timeZone;
  if (s.unreachableSince === null) {
    const summary = s.lastSuccessAt
      ? found('sync.lastSuccess', `HQ acknowledged the last upload at ${storeClock(s.lastSuccessAt, tz)} (${tz}).`, { time: storeClock(s.lastSuccessAt, tz) })
      : found('sync.noFailure', 'No upload has failed.');
    return check('sync', title, 'ok', summary, null, { lastSuccessAt: s.lastSuccessAt });
  }
  const nowMs = inputs.now().getTime();
  const downMs = Math.max(0, nowMs - Date.parse(s.unreachableSince));
  const since = `HQ unreachable since ${storeClock(s.unreachableSince, tz)} (${tz}), ${durationInWords(downMs)} ago`;
  let next: string;
  let code: 'sync.downRetrying' | 'sync.downNext' | 'sync.downAppStopped' = 'sync.downRetrying';
  const sinceParams: Record<string, string | number> = { since: storeClock(s.unreachableSince, tz), minutes: Math.floor(downMs / 60_000) };
  let action = advise('sync.network', 'Check the network cable/Wi-Fi and the "Head office (HQ)" line above. Nothing is lost: events wait in the outbox and go by themselves once HQ answers.');
  if (s.nextAttemptAt === null) {
    next = 'retrying now';
  } else {
    const inMs = Date.parse(s.nextAttemptAt) - nowMs;
    if (inMs > 0) {
      next = `next automatic attempt in ${durationInWords(inMs)} (at ${storeClock(s.nextAttemptAt, tz)}); sooner, within seconds, when the network comes back or a sale is made`;
      code = 'sync.downNext';
      sinceParams['next'] = storeClock(s.nextAttemptAt, tz);
    } else if (inMs > -ATTEMPT_OVERDUE_MS) next = 'retrying now';
    else {
      next = `the next attempt was due ${durationInWords(-inMs)} ago (at ${storeClock(s.nextAttemptAt, tz)}): the kiosk app does not seem to be running`;
      code = 'sync.downAppStopped';
      action = advise('sync.startApp', 'Start the kiosk app: it retries at once when it starts. Events wait in the outbox meanwhile.');
    }
  }
  const data = { unreachableSince: s.unreachableSince, nextAttemptAt: s.nextAttemptAt, unreachableMinutes: Math.floor(downMs / 60_000) };
  const lastError = s.lastError ? ` Last error: ${s.lastError}.` : '';
  // Past the shops' 5-minute store→HQ lag target the outage is a failure, before that a warning.
  return check('sync', title, downMs >= OUTBOX_STALE_MS ? 'fail' : 'warn', found(code, `${since}; ${next}.${lastError}`, sinceParams), action, data);
}
