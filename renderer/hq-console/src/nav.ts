import type { HqRole } from './api/types.js';
import type { ConsoleMessageKey } from './i18n/catalogue.js';

export const PAGES = ['dashboard', 'stores', 'members', 'rules', 'items', 'campaigns', 'erasure', 'staff', 'audit'] as const;
export type PageId = (typeof PAGES)[number];

/** Who may open each page (docs/hq-console-api.md); the navigation shows only these. */
export const PAGE_ROLES: Record<PageId, readonly HqRole[]> = {
  dashboard: ['chain_admin', 'operations', 'auditor'],
  stores: ['chain_admin', 'operations', 'auditor'],
  members: ['chain_admin', 'operations', 'auditor'],
  rules: ['chain_admin', 'operations', 'auditor'],
  items: ['chain_admin', 'operations', 'auditor'],
  campaigns: ['chain_admin', 'operations', 'auditor'],
  erasure: ['chain_admin', 'operations', 'auditor'],
  staff: ['chain_admin', 'auditor'],
  audit: ['chain_admin', 'auditor'],
};

export const PAGE_TITLES: Record<PageId, ConsoleMessageKey> = {
  dashboard: 'nav.dashboard',
  stores: 'nav.stores',
  members: 'nav.members',
  rules: 'nav.rules',
  items: 'nav.items',
  campaigns: 'nav.campaigns',
  erasure: 'nav.erasure',
  staff: 'nav.staff',
  audit: 'nav.audit',
};

/** What each role may change (the server refuses the rest with ROLE_FORBIDDEN; the pages hide it). */
export const CAN = {
  publishRules: (role: HqRole) => role === 'chain_admin',
  previewRules: (role: HqRole) => role !== 'auditor',
  createCampaign: (role: HqRole) => role === 'chain_admin',
  editItems: (role: HqRole) => role === 'chain_admin',
  previewCampaign: (role: HqRole) => role !== 'auditor',
  manageTokens: (role: HqRole) => role === 'chain_admin',
  seeTokens: (role: HqRole) => role !== 'operations',
  handleErasure: (role: HqRole) => role !== 'auditor',
  manageStaff: (role: HqRole) => role === 'chain_admin',
};

export function pagesFor(role: HqRole): PageId[] {
  return PAGES.filter((page) => PAGE_ROLES[page].includes(role));
}

/** "members/m_1" → page "members", rest "m_1"; unknown or forbidden pages fall back to the dashboard. */
export function pageOf(path: string, role: HqRole): { page: PageId; rest: string } {
  const [head = '', ...rest] = path.split('/');
  const page = (PAGES as readonly string[]).includes(head) ? (head as PageId) : 'dashboard';
  return PAGE_ROLES[page].includes(role) ? { page, rest: rest.join('/') } : { page: 'dashboard', rest: '' };
}
