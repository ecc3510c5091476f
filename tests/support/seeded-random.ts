/**
 * Randomness for tests (kill windows, chaos, noise) from one seeded generator, so a failure can be
 * replayed: the seed is printed with the suite's name, and KIOSK_TEST_SEED=<seed> sets it.
 * Without it each run takes a fresh seed, so CI keeps exploring other interleavings.
 */
export interface SeededRandom {
  readonly seed: number;
  /** Uniform in [0, 1). */
  next(): number;
  /** Uniform integer in [min, max]. */
  int(min: number, max: number): number;
  /** A uint32 to seed another generator (e.g. a child process's). */
  fork(): number;
}

export const SEED_ENV = 'KIOSK_TEST_SEED';

/** mulberry32: small, fast, and plenty for picking test timings. */
export function seededRandom(seed: number): SeededRandom {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
  return {
    seed: seed >>> 0,
    next,
    int: (min, max) => min + Math.floor(next() * (max - min + 1)),
    fork: () => Math.floor(next() * 4_294_967_296) >>> 0,
  };
}

/** The run's seed (KIOSK_TEST_SEED, else a fresh one), announced so the run can be reproduced. */
export function testRandom(suite: string): SeededRandom {
  const fromEnv = process.env[SEED_ENV];
  let seed: number;
  if (fromEnv !== undefined && fromEnv !== '') {
    seed = Number(fromEnv);
    if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff) throw new Error(`${SEED_ENV} must be an integer 0..4294967295, got "${fromEnv}"`);
  } else {
    seed = Math.floor(Math.random() * 0x100000000) >>> 0;
  }
  process.stderr.write(`[seed] ${suite}: ${SEED_ENV}=${seed} reproduces this run's random choices\n`);
  return seededRandom(seed);
}
