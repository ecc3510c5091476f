/**
 * Client-side mirror of docs/hq-console-api.md, until the route modules' `*-schemas.ts` are on main.
 * The lead replaces these with `import type` from edge-sync/hq/{staff,dashboard,publishing,members} at
 * merge; keep every name here equal to the contract's field names so that switch is mechanical.
 */
import type { LoyaltyRules } from '../../../../electron/contract/loyalty-rules.js';

export type { LoyaltyRules };

export const HQ_ROLES = ['chain_admin', 'operations', 'auditor'] as const;
export type HqRole = (typeof HQ_ROLES)[number];

/** ConsoleErrorCode of edge-sync/hq/http/hq-app.ts, plus what the client itself can meet. */
export const CONSOLE_ERROR_CODES = [
  'SIGNED_OUT',
  'BAD_CREDENTIALS',
  'LOCKED_OUT',
  'CSRF_REJECTED',
  'ROLE_FORBIDDEN',
  'VALIDATION',
  'CONFLICT',
  'NOT_FOUND',
  'SETUP_LINK_INVALID',
  // HQ's wire codes a console request can also meet (bad JSON, too large, rate limit, HQ failing).
  'MALFORMED',
  'PAYLOAD_TOO_LARGE',
  'RATE_LIMITED',
  'INTERNAL',
  // The browser could not reach HQ at all.
  'NETWORK',
] as const;
export type ConsoleErrorCode = (typeof CONSOLE_ERROR_CODES)[number];

export interface ValidationIssue {
  path: (string | number)[] | string;
  message: string;
}

/** HQ's refusal envelope; extra fields (retryAfterSeconds, issues) ride in the error object. */
export interface ErrorEnvelope {
  v: number;
  error: { code: string; message: string; retryAfterSeconds?: number; issues?: ValidationIssue[] };
  hqTime: string;
}

// Session and staff
export interface ConsoleStaff {
  staffId: string;
  chainId: string;
  role: HqRole;
  displayName: string;
}
export interface SessionAnswer {
  staff: ConsoleStaff;
  csrfToken: string;
}
export interface StaffRow {
  staffId: string;
  username: string;
  displayName: string;
  role: HqRole;
  active: boolean;
  lastSignInAt: string | null;
}
export interface NewStaffAnswer {
  staffId: string;
  setupLink: string;
}
/** edge-sync/hq/audit/hq-audit.ts HqAuditRow, plus the staff member's name the audit endpoint joins in. */
export interface HqAuditRow {
  auditId: number;
  chainId: string;
  at: string;
  staffId: string | null;
  staffName?: string | null;
  action: string;
  subjectType: string;
  subjectId: string | null;
  /** The subject's name when it is a staff member or a store of the chain. */
  subjectName?: string | null;
  storeId: string | null;
  storeName?: string | null;
  detail: Record<string, string | number | boolean | null>;
}
export interface AuditPage {
  entries: HqAuditRow[];
  nextCursor: string | null;
}

// Dashboard, stores and devices
export type Grain = 'day' | 'week' | 'month';
export interface DashboardPoint {
  period: string;
  members: number;
  activeMembers: number;
  checkIns: number;
  revenueFen: number;
  tickets: number;
  averageTicketFen: number;
  repurchaseRate: number;
  churnRate: number;
}
export interface Dashboard {
  scope: { storeId: string | null; storeName?: string | null };
  grain: Grain;
  series: DashboardPoint[];
  /** tierId null: members whose tier HQ has not been told. */
  tierDistribution: { tierId: string | null; members: number }[];
  pointsLiability: { outstandingPoints: number; valueFen: number };
  faceData: { people: number; threshold: number; byStore: { storeId: string; storeName?: string; people: number }[] };
}
export interface StoreRow {
  storeId: string;
  name: string;
  devices: number;
  lastContactAt: string | null;
  syncLagSeconds: number | null;
  parkedEvents: number;
  pendingEvents: number;
  appVersions: string[];
  modelVersions: string[];
  rulesVersion: number | null;
  rulesRefusal: { version: number; message: string } | null;
  faceDataPeople: number;
}
export interface DeviceRow {
  deviceId: string;
  deviceName: string;
  createdAt: string;
  revokedAt: string | null;
  lastContactAt: string | null;
  syncLagSeconds: number | null;
  pendingEvents: number | null;
  parkedEvents: number | null;
  appVersion: string | null;
  modelVersion: string | null;
}
export interface TokenRow {
  tokenId: string;
  createdAt: string;
  expiresAt: string;
  maxUses: number;
  uses: number;
  revokedAt: string | null;
  note: string | null;
}
export interface NewTokenAnswer {
  tokenId: string;
  token: string;
  expiresAt: string;
}

// Rules, tiers and campaigns
export interface RulesVersion {
  version: number;
  startsAt: string;
  publishedAt: string;
  publishedBy: string;
  /** The publishing staff member's display name (null: no staff member of the chain has that id). */
  publishedByName?: string | null;
  rules: LoyaltyRules;
  /** How many stores applied it (hq-publish answers a count). */
  storesApplied: number | string[];
  storesRefused: { storeId: string; storeName?: string | null; message: string }[];
}
export interface RulesAnswer {
  active: RulesVersion | null;
  scheduled: RulesVersion[];
  history: RulesVersion[];
}
export interface RulesPreview {
  valid: true;
  tierChanges: { fromTierId: string; toTierId: string; members: number }[];
  membersConsidered: number;
}
export interface Segment {
  tierIds?: string[];
  churnRisk?: boolean;
  birthdayMonth?: number;
  storeIds?: string[];
}
export interface CampaignDraft {
  title: string;
  segment: Segment;
  /** value: fen off for 'amount', the percentage (1–90) for 'percent'; maxOffFen caps a percent coupon. */
  coupon: { kind: 'amount' | 'percent'; value: number; maxOffFen?: number; minSpendFen?: number };
  budgetCoupons: number;
  validFrom: string;
  validTo: string;
  /** Additive (hq-publish): the member's home store (default) or every store of the chain. */
  deliverTo?: 'home_store' | 'every_store';
}
export interface CampaignRow {
  campaignId: string;
  title: string;
  segment: Segment;
  couponValueFen?: number;
  couponPercent?: number;
  couponMaxOffFen?: number;
  couponMinSpendFen?: number;
  budgetCoupons: number;
  issued: number;
  redeemed: number;
  validFrom: string;
  validTo: string;
  status: string;
  /** The segment's stores by name, id → name. */
  storeNames?: Record<string, string>;
}

// Members and erasure
export interface MemberHit {
  memberId: string;
  displayName: string;
  phoneMasked: string;
  tierId: string;
  homeStoreId: string;
  /** Store names ride beside their ids in HQ's answers (null: no store of the chain by that id). */
  homeStoreName?: string | null;
}
export interface MemberProfileAnswer {
  profile: MemberHit & { joinedAt: string; birthdayMonth: number | null };
  balance: number;
  tierHistory: { at: string; fromTierId: string | null; toTierId: string; storeId: string | null; storeName?: string | null }[];
  ledger: { at: string; storeId: string; storeName?: string | null; delta: number; reason: string; eventId: string }[];
  checkInsByStore: { storeId: string; storeName?: string | null; count: number; lastAt: string | null }[];
  flags: { kind: 'negative_balance'; at: string; detail: string; storeId?: string; storeName?: string | null; balance?: number }[];
}
export interface ErasureRequestRow {
  eventId: string;
  memberId: string;
  requestedAtStore: string | null;
  requestedAtStoreName?: string | null;
  homeStoreId: string | null;
  homeStoreName?: string | null;
  receiptId: string | null;
  requestedAt: string;
  dueAt: string;
  status: string;
  decidedAt: string | null;
}

/** Items page (docs/hq-console-api.md, "Item catalogue"; edge-sync/hq/catalogue/catalogue-schemas.ts). */
export interface LocalizedText {
  'zh-CN': string;
  'zh-TW': string;
  en: string;
}
export interface HqCatalogueItem {
  itemId: string;
  name: LocalizedText;
  priceFen: number;
  category: LocalizedText;
  sort: number;
  active: boolean;
  updatedAt: string;
  updatedBy: string;
}
export interface CatalogueVersionView {
  version: number;
  startsAt: string;
  publishedAt: string;
  publishedBy: string;
  publishedByName?: string | null;
  storeIds: string[] | null;
  itemCount: number;
  storesApplied: string[];
  storesRefused: { storeId: string; message: string }[];
  /** Names of the stores above, id → name. */
  storeNames?: Record<string, string>;
}
export interface CatalogueAnswer {
  items: HqCatalogueItem[];
  versions: CatalogueVersionView[];
}
