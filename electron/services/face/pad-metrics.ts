/**
 * Presentation-attack detection (PAD) error rates in the ISO/IEC 30107-3 sense, per attack type:
 *   APCER(type) = attack presentations of that type accepted as bona fide / attack presentations of that type
 *   BPCER       = bona fide presentations refused as attacks / bona fide presentations
 * Presentations where no usable face was acquired are counted apart (not in either rate): an
 * attack the camera cannot even see is no success for the attacker, and a genuine face it cannot
 * see is a quality matter (the kiosk asks the person to come closer), not a liveness refusal.
 */
export interface PadSample {
  /** 'bona-fide' or the attack type (e.g. 'print', 'replay'). */
  type: string;
  /** Where the sample comes from: 'staged' (captured attacks), 'simulated' (made by a recipe), 'photo' (bona fide). */
  origin: string;
  /** A finer label (e.g. the simulation kind), for the detailed table. */
  detail: string;
  /** Fused live probability of the face, or null when no usable face was acquired. */
  live: number | null;
}

export interface PadRate {
  type: string;
  origin: string;
  /** Presentations with a usable face (the rate's denominator). */
  presentations: number;
  /** Attacks accepted (APCER numerator) or bona fide refused (BPCER numerator). */
  errors: number;
  rate: number | null;
  notAcquired: number;
}

function rateOf(type: string, origin: string, samples: readonly PadSample[], threshold: number): PadRate {
  const acquired = samples.filter((s) => s.live !== null);
  const errors = acquired.filter((s) => (type === 'bona-fide' ? s.live! < threshold : s.live! >= threshold)).length;
  return { type, origin, presentations: acquired.length, errors, rate: acquired.length > 0 ? errors / acquired.length : null, notAcquired: samples.length - acquired.length };
}

/**
 * APCER per attack type and origin (and over all origins: origin '*'), BPCER for the bona fide
 * samples, at the liveness threshold (a frame is accepted as live iff live ≥ threshold).
 */
export function padRates(samples: readonly PadSample[], threshold: number, key: (s: PadSample) => string = (s) => s.origin): PadRate[] {
  const groups = new Map<string, PadSample[]>();
  for (const s of samples) {
    for (const origin of [key(s), '*']) {
      const k = `${s.type}\u0000${origin}`;
      const list = groups.get(k) ?? [];
      list.push(s);
      groups.set(k, list);
    }
  }
  return [...groups.entries()]
    .map(([k, list]) => {
      const [type, origin] = k.split('\u0000') as [string, string];
      return rateOf(type, origin, list, threshold);
    })
    .sort((a, b) => (a.type === b.type ? a.origin.localeCompare(b.origin) : a.type === 'bona-fide' ? 1 : b.type === 'bona-fide' ? -1 : a.type.localeCompare(b.type)));
}
