import { randomBytes } from 'node:crypto';
import { AppError } from '../../contract/result.js';
import type { Clock } from '../../core/clock.js';

/**
 * Phone check-in at an unattended kiosk (issue 14, P5). Four digits match strangers, so:
 * - every lookup and every wrong confirmation counts against the kiosk client; after `attempts`
 *   within `windowSeconds` the client waits `cooldownSeconds` (KIOSK_COOLDOWN, with the seconds
 *   left). A device-wide bucket (four times the limit) stops a passer-by who reloads the page to
 *   get a new client id;
 * - a lookup answers masked names with opaque, short-lived choice tokens bound to the client that
 *   asked, never member ids; a token works once.
 * State is in memory: a restart forgets tokens (the member starts again) and counters.
 */
export interface KioskPhoneLimits {
  attempts: number;
  windowSeconds: number;
  cooldownSeconds: number;
  choiceSeconds: number;
}

interface Bucket {
  count: number;
  windowStart: number;
  cooldownUntil: number;
}

interface Choice {
  memberId: string;
  clientId: string;
  expiresAt: number;
}

const DEVICE = '*device*';
/** The device-wide bucket allows this many times the per-client limit. */
const DEVICE_FACTOR = 4;

export class KioskPhoneGate {
  private readonly buckets = new Map<string, Bucket>();
  private readonly choices = new Map<string, Choice>();

  constructor(
    private readonly clock: Clock,
    private readonly limits: KioskPhoneLimits,
  ) {}

  /** Throws KIOSK_COOLDOWN while this client (or the device) is cooling down. */
  assertOpen(clientId: string): void {
    const now = this.clock.now().getTime();
    const until = Math.max(this.buckets.get(clientId)?.cooldownUntil ?? 0, this.buckets.get(DEVICE)?.cooldownUntil ?? 0);
    if (until > now) {
      const retryAfterSeconds = Math.ceil((until - now) / 1000);
      throw new AppError('KIOSK_COOLDOWN', `Too many attempts; try again in ${retryAfterSeconds} s`, { details: { retryAfterSeconds } });
    }
  }

  /** One more lookup or wrong confirmation; starts the cool-down when the limit is reached. */
  countAttempt(clientId: string): void {
    this.bump(clientId, this.limits.attempts);
    this.bump(DEVICE, this.limits.attempts * DEVICE_FACTOR);
  }

  /** A member confirmed who they are: this client starts afresh (the device bucket does not). */
  succeeded(clientId: string): void {
    this.buckets.delete(clientId);
  }

  issueChoices(clientId: string, memberIds: string[]): { tokens: string[]; expiresAt: Date } {
    this.sweep();
    const expiresAt = this.clock.now().getTime() + this.limits.choiceSeconds * 1000;
    const tokens = memberIds.map((memberId) => {
      const token = randomBytes(16).toString('base64url');
      this.choices.set(token, { memberId, clientId, expiresAt });
      return token;
    });
    return { tokens, expiresAt: new Date(expiresAt) };
  }

  /** The member behind a token this client received and has not used; the token is spent either way. */
  takeChoice(clientId: string, token: string): string {
    const choice = this.choices.get(token);
    if (choice) this.choices.delete(token);
    if (!choice || choice.clientId !== clientId || choice.expiresAt <= this.clock.now().getTime()) {
      throw new AppError('CHOICE_EXPIRED', 'This choice is unknown or has expired; enter the digits again');
    }
    return choice.memberId;
  }

  private bump(key: string, limit: number): void {
    const now = this.clock.now().getTime();
    let b = this.buckets.get(key);
    if (!b || now - b.windowStart >= this.limits.windowSeconds * 1000) {
      b = { count: 0, windowStart: now, cooldownUntil: b?.cooldownUntil ?? 0 };
      this.buckets.set(key, b);
    }
    b.count += 1;
    if (b.count >= limit) {
      b.cooldownUntil = now + this.limits.cooldownSeconds * 1000;
      b.count = 0;
      b.windowStart = now;
    }
  }

  private sweep(): void {
    const now = this.clock.now().getTime();
    for (const [token, c] of this.choices) if (c.expiresAt <= now) this.choices.delete(token);
  }
}
