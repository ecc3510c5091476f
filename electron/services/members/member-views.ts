import type { LoyaltyRules } from '../../contract/loyalty-rules.js';
import type { MemberRow } from './member-repository.js';
import { maskPhoneForDisplay } from './member-validation.js';

/** What staff screens see of a member: the phone only masked, never whole. */
export interface MemberView {
  memberId: string;
  memberCode: string;
  name: string | null;
  maskedPhone: string | null;
  birthday: string | null;
  tier: string;
  tierName: string;
  status: 'active' | 'merged' | 'erased';
  pointsBalance: number;
  allergies: string;
  notes: string;
  tags: string[];
  preferences: Record<string, string>;
  createdAt: string;
  lastVisitAt: string | null;
}

export function memberView(row: MemberRow, rules: LoyaltyRules, locale: 'zh-CN' | 'zh-TW' | 'en' = 'zh-CN'): MemberView {
  const tier = rules.tiers.find((t) => t.id === row.tier);
  return {
    memberId: row.id,
    memberCode: row.member_code,
    name: row.name,
    // A member of another store linked here has only the last four digits here (issue 13).
    maskedPhone: maskPhoneForDisplay(row.phone) ?? (row.phone_last4 && /^\d{4}$/.test(row.phone_last4) ? `*******${row.phone_last4}` : null),
    birthday: row.birthday,
    tier: row.tier,
    tierName: tier ? tier.name[locale] : row.tier,
    status: row.status,
    pointsBalance: row.points_balance,
    allergies: row.allergies,
    notes: row.notes,
    tags: JSON.parse(row.tags) as string[],
    preferences: JSON.parse(row.preferences) as Record<string, string>,
    createdAt: row.created_at,
    lastVisitAt: row.last_visit_at,
  };
}

/** For choosing between members with the same last four digits at a public kiosk: 王* 138****1234. */
export function maskName(name: string | null): string {
  if (!name) return '*';
  const chars = [...name];
  return chars.length <= 1 ? `${chars[0] ?? ''}*` : `${chars[0]}${'*'.repeat(Math.min(chars.length - 1, 3))}`;
}
