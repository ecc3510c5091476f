import { describe, expect, it } from 'vitest';
import { CURRENT_SCRYPT, hashPassword, needsRehash, passwordProblem, verifyPassword } from './password-hash.js';
import { lockDurationMs } from './signin-lockout.js';

describe('HQ staff password hashing (issue 13)', () => {
  it('stores scrypt with its parameters and a random salt, and verifies only the right password', async () => {
    const a = await hashPassword('correct horse battery');
    const b = await hashPassword('correct horse battery');
    expect(a).toMatch(/^scrypt\$15\$8\$1\$[A-Za-z0-9+/=]{24}\$[A-Za-z0-9+/=]{44}$/);
    expect(a).not.toBe(b);
    expect(await verifyPassword('correct horse battery', a)).toBe(true);
    expect(await verifyPassword('correct horse batterY', a)).toBe(false);
    expect(await verifyPassword('correct horse battery', 'scrypt$15$8$1$bad')).toBe(false);
    // A hostile row cannot make HQ allocate gigabytes.
    expect(await verifyPassword('x', a.replace('scrypt$15$', 'scrypt$30$'))).toBe(false);
  });

  it('verifies hashes made with older, weaker parameters and asks for a re-hash', async () => {
    const old = await hashPassword('an older password', { log2N: 10, r: 8, p: 1 });
    expect(await verifyPassword('an older password', old)).toBe(true);
    expect(needsRehash(old)).toBe(true);
    expect(needsRehash(await hashPassword('a current password', CURRENT_SCRYPT))).toBe(false);
  });

  it('refuses passwords under 10 characters and the username itself', () => {
    expect(passwordProblem('123456789', 'li')).toBe('too_short');
    expect(passwordProblem('一二三四五六七八九十', 'li')).toBeNull();
    expect(passwordProblem('Ops.Wang.01', 'ops.wang.01')).toBe('same_as_username');
    expect(passwordProblem('ops.wang.01!', 'ops.wang.01')).toBeNull();
  });

  it('locks 1 min after the 5th failure, doubling, at most 1 h', () => {
    expect([1, 4, 5, 6, 7, 10, 11, 50].map(lockDurationMs)).toEqual([0, 0, 60_000, 120_000, 240_000, 1_920_000, 3_600_000, 3_600_000]);
  });
});
