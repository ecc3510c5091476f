import type { Page } from '@playwright/test';
import type { KioskHost } from './host.js';

/** The demo store (`--demo`, electron/services/demo/seed-membership-demo.ts): staff PINs and members. */
export const DEMO = {
  managerPin: '1234',
  cashierPin: '0000',
  /** The names on the sign-in tiles (sign-in names the account, then asks for its PIN). */
  managerName: '李静（店长）',
  cashierName: '小周（收银）',
  /** 王芳: a Wednesday iced-americano regular, notes on her card. */
  wang: { name: '王芳', phone: '13800138001' },
  /** 陈静: allergies on her card and a coupon waiting. */
  chen: { name: '陈静', phone: '13800138005' },
} as const;

export async function must<T>(promise: Promise<{ ok: true; value: T } | { ok: false; error: { code: string; message: string } }>): Promise<T> {
  const envelope = await promise;
  if (!envelope.ok) throw new Error(`${envelope.error.code}: ${envelope.error.message}`);
  return envelope.value;
}

/** Test data arranged through the same contract the UI uses (over the host's HTTP transport). */
export async function createMember(host: KioskHost, name: string, phone: string, extra: Record<string, unknown> = {}): Promise<{ memberId: string }> {
  return must(host.call<{ memberId: string }>('members.create', { opId: `e2e-${phone}-${Date.now()}`, name, phone, ...extra }));
}

/** The account id behind a name on the sign-in tiles (staff.roster, as the sign-in screen reads it). */
export async function staffIdByName(host: KioskHost, name: string, clientId?: string): Promise<string> {
  const roster = await must(host.call<Array<{ staffId: string; displayName: string }>>('staff.roster', {}, clientId));
  const entry = roster.find((e) => e.displayName === name);
  if (!entry) throw new Error(`${name} is not on the sign-in roster`);
  return entry.staffId;
}

/** Signs a demo staff member in over the host's transport, the way the sign-in screen does: name, then PIN. */
export async function signInStaff(host: KioskHost, who: 'manager' | 'cashier', clientId: string) {
  const staffId = await staffIdByName(host, who === 'manager' ? DEMO.managerName : DEMO.cashierName, clientId);
  return host.call<{ staffId: string; role: string }>('staff.signIn', { staffId, pin: who === 'manager' ? DEMO.managerPin : DEMO.cashierPin }, clientId);
}

/** Signs in on a screen that shows the staff sign-in: taps the name tile, types the PIN, submits. */
export async function signInOnScreen(page: Page, who: 'manager' | 'cashier'): Promise<void> {
  await page.getByTestId('staff-tile').filter({ hasText: who === 'manager' ? DEMO.managerName : DEMO.cashierName }).click();
  await page.getByTestId('staff-pin').fill(who === 'manager' ? DEMO.managerPin : DEMO.cashierPin);
  await page.getByTestId('staff-sign-in-submit').click();
}
