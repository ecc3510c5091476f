import { describe, expect, it } from 'vitest';
import { padRates, type PadSample } from './pad-metrics.js';

const s = (type: string, origin: string, live: number | null): PadSample => ({ type, origin, detail: origin, live });

describe('PAD error rates (ISO/IEC 30107-3 APCER per attack type, BPCER)', () => {
  const samples = [
    s('print', 'staged', 0.1),
    s('print', 'simulated', 0.7), // accepted: an APCER error
    s('print', 'simulated', 0.2),
    s('print', 'simulated', null), // no usable face: counted apart
    s('replay', 'simulated', 0.59),
    s('replay', 'simulated', 0.6), // at the threshold counts as live
    s('bona-fide', 'photo', 0.9),
    s('bona-fide', 'photo', 0.3), // refused: a BPCER error
    s('bona-fide', 'staged', 0.99),
  ];
  const rates = padRates(samples, 0.6);
  const find = (type: string, origin: string) => rates.find((r) => r.type === type && r.origin === origin)!;

  it('counts accepted attacks per type and origin, and over all origins', () => {
    expect(find('print', 'simulated')).toMatchObject({ presentations: 2, errors: 1, rate: 0.5, notAcquired: 1 });
    expect(find('print', 'staged')).toMatchObject({ presentations: 1, errors: 0, rate: 0 });
    expect(find('print', '*')).toMatchObject({ presentations: 3, errors: 1, notAcquired: 1 });
    expect(find('replay', '*')).toMatchObject({ presentations: 2, errors: 1, rate: 0.5 });
  });

  it('counts refused bona fide presentations as BPCER', () => {
    expect(find('bona-fide', 'photo')).toMatchObject({ presentations: 2, errors: 1, rate: 0.5 });
    expect(find('bona-fide', '*')).toMatchObject({ presentations: 3, errors: 1 });
  });

  it('has no rate for a group with no acquired face, and lists attacks before bona fide', () => {
    const only = padRates([s('print', 'simulated', null)], 0.6);
    expect(only.every((r) => r.rate === null && r.notAcquired === 1)).toBe(true);
    expect(rates[rates.length - 1]!.type).toBe('bona-fide');
    expect(rates[0]!.type).toBe('print');
  });
});
