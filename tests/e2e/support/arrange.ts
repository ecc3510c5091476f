import type { KioskHost } from './host.js';

/** The demo store (`--demo`, electron/services/demo/seed-membership-demo.ts): staff PINs and members. */
export const DEMO = {
  managerPin: '1234',
  cashierPin: '0000',
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
