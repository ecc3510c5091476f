import type { checkinCalls } from '../../contract/checkin.js';
import type { CallContext, StaffSession } from '../../contract/handlers.js';
import type { loyaltyCalls } from '../../contract/loyalty.js';
import type { managerCalls } from '../../contract/manager.js';
import type { membersCalls } from '../../contract/members.js';
import type { purchasesCalls } from '../../contract/purchases.js';
import { AppError } from '../../contract/result.js';
import type { staffCalls } from '../../contract/staff.js';
import { readAudit, audit } from '../audit/audit-log.js';
import { auditFilter } from '../audit/audit-filter.js';
import { checkinByFace, checkinByStaff, checkinMemberByCode, checkinMemberByPhone, type CheckinResult } from '../checkin/checkin-service.js';
import type { BankPort } from '../bank/member-bank-store.js';
import { resolveCodeAnywhere, resolvePhoneAnywhere, searchMemberNumberAtHq } from '../bank/lookup-fallthrough.js';
import { buildGreeting } from '../checkin/greeting.js';
import { KioskPhoneGate } from '../checkin/kiosk-phone-gate.js';
import { checkinByPhoneChoice, phoneChoices } from '../checkin/kiosk-phone-checkin.js';
import { claimJoin } from '../membership-kernel/join-claims.js';
import { voidCheckin } from '../checkin/checkin-void.js';
import { memberPurchases, refundWithManagerPin } from '../purchases/purchase-corrections.js';
import { atRiskList, followupStats, recordFollowup, revealPhone } from '../churn/churn-service.js';
import { consentState, dataOverview, eraseMember, erasureReceipt, grantConsent, withdrawConsent } from '../consent/consent-service.js';
import type { DomainHandlers, ServiceContext } from '../../core/service-context.js';
import { dashboard } from '../dashboard/dashboard-service.js';
import { adjustPoints, issueCoupon, pointsHistory } from '../loyalty/points-service.js';
import { runMaintenance } from './maintenance.js';
import { previewPurchase, recordPurchase, refundPurchase } from '../purchases/purchase-service.js';
import { bootstrapManager, createStaff, signInAsStaff, staffList, staffRoster, updateStaffAccount } from '../staff/staff-service.js';
import { memberCard } from './member-card.js';
import { createMember, findMembers, isJustJoined, issueMemberCode, requireActiveMember, updateMember } from '../members/member-service.js';
import { mergeMembers } from './member-merge.js';
import { memberCardCode, revokeMemberCard } from '../members/member-card-code.js';
import { browse } from '../members/member-browse.js';
import { memberView } from '../members/member-views.js';
import { createMembershipEnv, type MembershipDeps } from '../membership-kernel/membership-env.js';
import type { BankRuntime } from '../bank/bank-purchase.js';
import { activeRulesVersion, listRulesRefusals, scheduledRulesVersions, type StoredRulesVersion } from '../membership-kernel/rules-versions.js';
import { isHqManaged, versionedRulesInForce } from '../membership-kernel/local-rules-versions.js';

type MembershipMethods =
  | keyof typeof membersCalls
  | keyof typeof checkinCalls
  | keyof typeof purchasesCalls
  | keyof typeof loyaltyCalls
  | keyof typeof staffCalls
  | keyof typeof managerCalls;

function staffOf(c: CallContext): StaffSession {
  // The dispatcher enforces access before the handler runs; this guards direct (in-process) calls.
  if (!c.session) throw new AppError('UNAUTHORIZED', 'A staff sign-in is required');
  return c.session;
}

/** The member bank's HQ port, when this store is provisioned with HQ (null: lookups stay local). */
export interface MemberBankDeps {
  bankPort?: () => BankPort | null;
}

export function createMembershipHandlers(ctx: ServiceContext, deps: MembershipDeps & MemberBankDeps & { bank?: BankRuntime }): DomainHandlers<MembershipMethods> {
  const env = createMembershipEnv(ctx, deps);
  const bank = () => deps.bankPort?.() ?? null;
  const phoneGate = new KioskPhoneGate(env.clock, ctx.config.kioskPhone);
  const auditRead = (c: CallContext, memberId: string, view: string) =>
    env.db.transaction(() => audit(env.db, env.clock.now(), c.session, 'member.read', memberId, { view }))();
  const announce = (r: CheckinResult, faceConfidence: number | null = null): CheckinResult => {
    ctx.events.emit('members.checkedIn', {
      memberId: r.memberId,
      checkinId: r.checkinId,
      method: r.method,
      alreadyCheckedIn: r.alreadyCheckedIn,
      at: env.clock.now().toISOString(),
      faceConfidence,
    });
    return r;
  };

  return {
    // members
    'members.create': (a, c) => {
      const created = createMember(env, a, c.session);
      // Joined at the kiosk: only this client may give face consent and enrol for the new member.
      if (!c.session) claimJoin(env.db, created.memberId, c.clientId);
      return created;
    },
    'members.update': (a, c) => updateMember(env, a, staffOf(c)),
    'members.get': (a, c) => {
      const view = memberView(requireActiveMember(env, a.memberId), env.rules);
      auditRead(c, a.memberId, 'profile');
      return view;
    },
    'members.search': async (a, c) => {
      const found = findMembers(env, a.query, a.limit);
      env.db.transaction(() => audit(env.db, env.clock.now(), c.session, 'member.search', null, { results: found.length }))();
      if (found.length > 0) return found;
      // A printed member number of another store: HQ finds and links them (audited as member.remote_lookup).
      const remote = await searchMemberNumberAtHq(env, bank(), a.query, c.session);
      return remote ? [memberView(remote, env.rules)] : found;
    },
    'members.lookupByPhone': async (a, c) => {
      const row = await resolvePhoneAnywhere(env, bank(), a.phone, a.memberId, 'cashier', c.session);
      auditRead(c, row.id, 'lookup');
      return memberView(row, env.rules);
    },
    'members.getCard': (a, c) => memberCard(env, a.memberId, staffOf(c)),
    'members.getGreeting': (a) => {
      const id = env.deps.confirmedFaceMember(a.faceSessionId);
      if (id === null) throw new AppError('FACE_SESSION_INVALID', 'The face session is unknown, expired or not confirmed');
      return buildGreeting(env, requireActiveMember(env, id), env.clock.now());
    },
    'members.issueCode': (a, c) => {
      const code = issueMemberCode(env, a.memberId);
      env.db.transaction(() => audit(env.db, env.clock.now(), c.session, 'member.code_issued', a.memberId))();
      return code;
    },
    'members.getCardCode': (a) => memberCardCode(env, requireActiveMember(env, a.memberId).id),
    'members.revokeCardCode': (a, c) => revokeMemberCard(env, requireActiveMember(env, a.memberId).id, staffOf(c)),
    'members.getJoinCardCode': (a, c) => {
      if (!c.session && !isJustJoined(env, a.memberId, c.clientId)) throw new AppError('FORBIDDEN', 'Only the kiosk that created this member may show its card code');
      return memberCardCode(env, requireActiveMember(env, a.memberId).id);
    },
    'members.resolveCode': async (a, c) => {
      const id = await resolveCodeAnywhere(env, bank(), a.code, 'cashier', c.session);
      auditRead(c, id, 'code');
      return memberView(requireActiveMember(env, id), env.rules);
    },
    'members.browse': (a, c) => {
      const found = browse(env, a);
      env.db.transaction(() => audit(env.db, env.clock.now(), c.session, 'member.search', null, { view: 'browse', results: found.members.length }))();
      return found;
    },
    'members.merge': (a, c) => mergeMembers(env, a, staffOf(c)),
    // check-in
    'checkin.byFace': (a) => {
      const confidence = env.deps.faceMatchConfidence(a.faceSessionId);
      return announce(checkinByFace(env, a), confidence);
    },
    'checkin.byPhone': async (a, c) => {
      if (c.session) {
        const member = await resolvePhoneAnywhere(env, bank(), a.phone, a.memberId, 'cashier', c.session);
        return announce(checkinMemberByPhone(env, a.opId, member.id));
      }
      // Without staff: only the whole number (issue 14, P5); four digits go through choices and confirmation.
      phoneGate.assertOpen(c.clientId);
      phoneGate.countAttempt(c.clientId);
      if (typeof a.phone === 'string' && /^\d{4}$/.test(a.phone.replace(/[\s-]/g, ''))) {
        throw new AppError('PHONE_CONFIRMATION_REQUIRED', 'At the kiosk, choose your masked name and confirm with two more digits');
      }
      // The whole number (the attempt is already counted): this store's members, then HQ's (a member of another store checks in here).
      const member = await resolvePhoneAnywhere(env, bank(), a.phone, undefined, 'kiosk', null);
      const result = announce(checkinMemberByPhone(env, a.opId, member.id));
      phoneGate.succeeded(c.clientId);
      return result;
    },
    'checkin.phoneChoices': (a, c) => phoneChoices(env, phoneGate, c.clientId, a.digits),
    'checkin.byPhoneChoice': (a, c) => announce(checkinByPhoneChoice(env, phoneGate, c.clientId, a)),
    'checkin.byCode': async (a, c) => {
      // Another store's card code goes to HQ; at the unattended kiosk each such attempt counts against its rate limit.
      const kioskGate = () => {
        phoneGate.assertOpen(c.clientId);
        phoneGate.countAttempt(c.clientId);
      };
      const id = await resolveCodeAnywhere(env, bank(), a.code, c.session ? 'cashier' : 'kiosk', c.session, c.session ? undefined : kioskGate);
      return announce(checkinMemberByCode(env, a.opId, id));
    },
    'checkin.byStaff': (a, c) => announce(checkinByStaff(env, a, staffOf(c))),
    'checkin.void': (a, c) => voidCheckin(env, a, staffOf(c)),
    // purchases
    // With the member bank (issue 13) a redemption is authorised by HQ against the chain balance.
    'purchases.quote': (a) => (deps.bank ? deps.bank.previewPurchase(a) : previewPurchase(env, a)),
    'purchases.record': (a, c) => (deps.bank ? deps.bank.recordPurchase(a, staffOf(c)) : recordPurchase(env, a, staffOf(c))),
    'purchases.redeemable': (a) =>
      deps.bank ? deps.bank.redeemable(a.memberId) : { memberId: a.memberId, basis: 'local' as const, spendable: requireActiveMember(env, a.memberId).points_balance, chainBalance: null, allowanceLeft: null },
    'purchases.refund': (a, c) => refundPurchase(env, a, staffOf(c)),
    'purchases.refundWithManagerPin': (a, c) => {
      staffOf(c);
      return refundWithManagerPin(env, a);
    },
    'purchases.listForMember': (a, c) => {
      const list = memberPurchases(env, a.memberId, a.limit);
      auditRead(c, a.memberId, 'purchases');
      return list;
    },
    // loyalty
    'loyalty.getRules': () => {
      const now = env.clock.now();
      const view = (v: StoredRulesVersion) => ({ version: v.version, startsAt: v.startsAt, publishedAt: v.publishedAt });
      const active = activeRulesVersion(env.db, now);
      const inForce = versionedRulesInForce(env.db, now);
      const local = inForce?.source === 'local' ? inForce : null;
      return {
        preset: ctx.config.loyalty.preset,
        isCustom: ctx.config.loyalty.custom !== null,
        rules: env.rules,
        hqVersion: active ? view(active) : null,
        scheduledHqVersions: scheduledRulesVersions(env.db, now).map(view),
        refusedHqVersions: listRulesRefusals(env.db).map((r) => ({ version: r.version, message: r.message })),
        localVersion: local ? { version: local.version, startsAt: local.startsAt } : null,
        isHqManaged: isHqManaged(env.db),
      };
    },
    'loyalty.getHistory': (a, c) => {
      const history = pointsHistory(env, a.memberId, a.limit);
      auditRead(c, a.memberId, 'points_history');
      return history;
    },
    'loyalty.adjustPoints': (a, c) => adjustPoints(env, a, staffOf(c)),
    'loyalty.issueCoupon': (a, c) => issueCoupon(env, a, staffOf(c)),
    'loyalty.runMaintenance': () => runMaintenance(env),
    // staff
    'staff.signIn': (a, c) => {
      const session = signInAsStaff(env, a, c.clientId);
      c.startSession(session);
      return session;
    },
    'staff.roster': () => staffRoster(env),
    'staff.signOut': (_a, c) => {
      c.endSession();
      return { signedOut: true };
    },
    'staff.whoAmI': (_a, c) => c.session,
    'staff.bootstrapManager': (a) => bootstrapManager(env, a),
    'staff.list': () => staffList(env),
    'staff.create': (a, c) => createStaff(env, a, staffOf(c)),
    'staff.update': (a, c) => updateStaffAccount(env, a, staffOf(c)),
    // consent, erasure, churn, dashboards, audit
    'consent.grant': (a, c) => {
      // At the kiosk (no staff) consent is given by the person joining, for the member they just created.
      if (!c.session && !isJustJoined(env, a.memberId, c.clientId)) {
        throw new AppError('FORBIDDEN', 'Consent for an existing member is recorded by staff');
      }
      return grantConsent(env, a, c.session);
    },
    'consent.withdraw': (a, c) => withdrawConsent(env, a, staffOf(c)),
    'consent.get': (a, c) => {
      requireActiveMember(env, a.memberId);
      auditRead(c, a.memberId, 'consent');
      return (['face', 'photo', 'marketing'] as const).map((k) => consentState(env, a.memberId, k));
    },
    'members.erase': (a, c) => eraseMember(env, a, staffOf(c)),
    'members.getErasureReceipt': (a) => erasureReceipt(env, a.memberId),
    'churn.list': (a, c) => {
      const list = atRiskList(env, a.limit);
      env.db.transaction(() => audit(env.db, env.clock.now(), c.session, 'member.search', null, { view: 'churn_list', results: list.length }))();
      return list;
    },
    'churn.stats': () => followupStats(env),
    'churn.recordFollowup': (a, c) => recordFollowup(env, a, staffOf(c)),
    'churn.revealPhone': (a, c) => ({ phone: revealPhone(env, a.memberId, staffOf(c)) }),
    'dashboard.get': (a) => dashboard(env, a.period, a.date),
    'audit.list': (a, c) => {
      // Reading the log is itself logged (who looked at whose history), in the same transaction.
      const filter = auditFilter(a, env.timeZone);
      return env.db.transaction(() => {
        const entries = readAudit(env.db, filter);
        audit(env.db, env.clock.now(), c.session, 'audit.read', filter.memberId ?? null, { action: filter.action ?? null, results: entries.length });
        return entries;
      })();
    },
    'manager.dataOverview': () => dataOverview(env),
  };
}
