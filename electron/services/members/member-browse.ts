import { AppError } from '../../contract/result.js';
import type { MembershipEnv } from '../membership-kernel/membership-env.js';
import { browseMembers, type BrowseFilter } from './member-browse-repository.js';
import { normalizePhone } from './member-validation.js';
import { memberView, type MemberView } from './member-views.js';

const DAY_MS = 86_400_000;
export const visitFilters = ['any', 'within7', 'within30', 'over30', 'over90', 'never'] as const;
export type VisitFilter = (typeof visitFilters)[number];

export interface BrowseInput {
  tier?: string | undefined;
  visited: VisitFilter;
  hasFace?: boolean | undefined;
  query?: string | undefined;
  page: number;
  pageSize: number;
}

export interface BrowsePage {
  total: number;
  page: number;
  pageSize: number;
  members: Array<MemberView & { hasFace: boolean }>;
}

/** "Visited within 30 days" and the like, as instants on the store's (injected) clock. */
function visitBounds(visited: VisitFilter, now: Date): Pick<BrowseFilter, 'visitedSince' | 'notVisitedSince' | 'neverVisited'> {
  const daysAgo = (days: number) => new Date(now.getTime() - days * DAY_MS).toISOString();
  switch (visited) {
    case 'any':
      return {};
    case 'within7':
      return { visitedSince: daysAgo(7) };
    case 'within30':
      return { visitedSince: daysAgo(30) };
    case 'over30':
      return { notVisitedSince: daysAgo(30) };
    case 'over90':
      return { notVisitedSince: daysAgo(90) };
    case 'never':
      return { neverVisited: true };
  }
}

/**
 * The manager's member list: every active member, filtered by tier, last visit, whether face data
 * is enrolled and a search text, one page at a time. An unknown tier is TIER_UNKNOWN (a typo
 * would otherwise look like "no members"); a search text over 40 characters is QUERY_INVALID.
 */
export function browse(env: MembershipEnv, input: BrowseInput): BrowsePage {
  if (input.tier !== undefined && !env.rules.tiers.some((t) => t.id === input.tier)) {
    throw new AppError('TIER_UNKNOWN', 'No such tier in the rules in force', { details: { tier: input.tier } });
  }
  const text = input.query?.trim() ?? '';
  if (text.length > 40) throw new AppError('QUERY_INVALID', 'Search for 1–40 characters');
  const digits = text.replace(/[\s-]/g, '');
  const query = text === '' ? undefined : /^(\+86)?1[3-9]\d{9}$/.test(digits) ? normalizePhone(digits) : text;
  const { rows, total } = browseMembers(
    env.db,
    { tier: input.tier, hasFace: input.hasFace, query, ...visitBounds(input.visited, env.clock.now()) },
    { offset: input.page * input.pageSize, limit: input.pageSize },
  );
  return { total, page: input.page, pageSize: input.pageSize, members: rows.map((r) => ({ ...memberView(r, env.rules), hasFace: r.has_face === 1 })) };
}
