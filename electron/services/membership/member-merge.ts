import type { StaffSession } from '../../contract/handlers.js';
import { AppError } from '../../contract/result.js';
import { appendOutboxEvent } from '../../../edge-sync/client/outbox-append.js';
import { audit } from '../audit/audit-log.js';
import { deleteMemberPeriods, rebuildMemberPeriods } from '../dashboard/rollup-repository.js';
import { postPoints } from '../loyalty/ledger.js';
import { tierRank } from '../loyalty/points-math.js';
import { applyTierChange, upgradeAfterActivity } from '../loyalty/tier-service.js';
import type { MembershipEnv } from '../membership-kernel/membership-env.js';
import { runOnce } from '../membership-kernel/op-ids.js';
import { assertHomeMember, getMember, markMemberMerged, reassignHistory, updateMemberFields, type MemberFieldChanges, type MemberRow } from '../members/member-repository.js';
import { requireActiveMember } from '../members/member-service.js';
import { memberView, type MemberView } from '../members/member-views.js';

// Merging spans the member, loyalty (points, tier) and dashboard (rollups) domains, so it lives
// above them rather than in members/, which loyalty itself builds on.

/**
 * Merges a duplicate (e.g. created offline on two terminals) into the member kept: points move via
 * the ledger, history moves, empty fields are filled from the duplicate, the higher tier wins.
 */
export function mergeMembers(env: MembershipEnv, input: { opId: string; keepId: string; mergeId: string }, by: StaffSession): MemberView {
  const now = env.clock.now();
  return env.db.transaction(() =>
    runOnce(env.db, input.opId, 'members.merge', { keepId: input.keepId, mergeId: input.mergeId }, now, () => {
      if (input.keepId === input.mergeId) throw new AppError('MERGE_SAME_MEMBER', 'Cannot merge a member into itself');
      const keep = requireActiveMember(env, input.keepId);
      const dup = requireActiveMember(env, input.mergeId);
      assertHomeMember(env.db, keep.id);
      assertHomeMember(env.db, dup.id);
      const at = now.toISOString();
      const moved = dup.points_balance;
      if (moved > 0) {
        postPoints(env.db, { memberId: dup.id, delta: -moved, kind: 'merge_out', at: now, ref: keep.id, reason: 'merged into another member', staffId: by.staffId });
        postPoints(env.db, { memberId: keep.id, delta: moved, kind: 'merge_in', at: now, ref: dup.id, reason: 'merged duplicate', staffId: by.staffId });
      }
      markMemberMerged(env.db, dup.id, keep.id, at);
      reassignHistory(env.db, dup.id, keep.id);
      rebuildMemberPeriods(env.db, keep.id);
      deleteMemberPeriods(env.db, dup.id);
      const fill: MemberFieldChanges = {};
      if (!keep.phone && dup.phone) fill.phone = dup.phone;
      if (!keep.birthday && dup.birthday) fill.birthday = dup.birthday;
      if (dup.allergies && !keep.allergies.includes(dup.allergies)) fill.allergies = [keep.allergies, dup.allergies].filter(Boolean).join('; ').slice(0, 500);
      if (dup.notes && !keep.notes.includes(dup.notes)) fill.notes = [keep.notes, dup.notes].filter(Boolean).join('\n').slice(0, 2000);
      const tags = [...new Set([...(JSON.parse(keep.tags) as string[]), ...(JSON.parse(dup.tags) as string[])])].slice(0, 20);
      if (tags.length !== (JSON.parse(keep.tags) as string[]).length) fill.tags = tags;
      if (Object.keys(fill).length > 0) updateMemberFields(env.db, keep.id, fill, at);
      if (tierRank(env.rules, dup.tier) > tierRank(env.rules, keep.tier)) {
        applyTierChange(env, keep.id, keep.tier, { tier: dup.tier, reason: 'merged' }, now);
      }
      upgradeAfterActivity(env, keep.id, now);
      appendOutboxEvent(env.db, 'member.merged', { keptId: keep.id, mergedId: dup.id, pointsMoved: moved, at }, { memberId: keep.id, occurredAt: now });
      audit(env.db, now, by, 'member.merge', keep.id, { mergedId: dup.id, pointsMoved: moved });
      return memberView(getMember(env.db, keep.id) as MemberRow, env.rules);
    }),
  )();
}
