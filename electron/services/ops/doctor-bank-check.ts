import { advise, check, found, type DoctorCheck, type DoctorInputs } from './doctor-inputs.js';

/** A redemption intent still unresolved after this long means HQ has not answered for a while (issue 13). */
export const BANK_INTENT_STALE_MS = 10 * 60_000;

/**
 * The member bank (issue 13): on or off (config bank.enabled, with HQ configured), the per-member
 * offline allowance (hq.offlineRedemptionAllowance), and redemption intents not yet resolved with HQ.
 */
export function checkMemberBank(inputs: DoctorInputs): DoctorCheck {
  const title = 'Member bank';
  const { hq, bank } = inputs.config;
  if (!hq.url) return check('bank', title, 'skip', found('bank.noHq', 'No HQ configured: points are redeemed against this store’s own balance.'));
  const allowance = hq.offlineRedemptionAllowance;
  if (!bank.enabled) return check('bank', title, 'ok', found('bank.off', 'Member bank off (bank.enabled = false): points are redeemed against this store’s own balance.'), null, { enabled: false });
  const data: Record<string, string | number | boolean | null> = { enabled: true, offlineRedemptionAllowance: allowance, pendingIntents: 0 };
  const on = found('bank.on', `Member bank on: HQ authorises each redemption against the chain balance; while HQ is unreachable up to ${allowance} points per member (hq.offlineRedemptionAllowance).`, { allowance });
  if (!inputs.db) return check('bank', title, 'ok', on, null, data);
  const cutoff = new Date(inputs.now().getTime() - BANK_INTENT_STALE_MS).toISOString();
  const row = inputs.db.prepare("SELECT count(*) AS n FROM bank_intents WHERE status = 'pending' AND created_at < ?").get(cutoff) as { n: number } | undefined;
  const pending = row?.n ?? 0;
  data['pendingIntents'] = pending;
  if (pending === 0) return check('bank', title, 'ok', on, null, data);
  return check(
    'bank',
    title,
    'warn',
    found('bank.pendingIntents', `Member bank on (offline allowance ${allowance} points); ${pending} redemption(s) of purchases that did not complete wait for HQ to give their points back.`, { allowance, pending }),
    advise('bank.waitForHq', 'Check the HQ line above: once HQ answers, the next sync cycle gives the points back by itself.'),
    data,
  );
}
