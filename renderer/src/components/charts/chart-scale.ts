/** A "nice" upper bound for an axis: 1, 2 or 5 times a power of ten, at least the data's maximum. */
export function niceMax(max: number): number {
  if (max <= 0) return 1;
  const power = 10 ** Math.floor(Math.log10(max));
  for (const step of [1, 2, 5, 10]) if (step * power >= max) return step * power;
  return 10 * power;
}

/** Points of a polyline for values over a width × height box (y grows downwards in SVG). */
export function polylinePoints(values: number[], width: number, height: number, top: number): string {
  if (values.length === 0) return '';
  const dx = values.length > 1 ? width / (values.length - 1) : 0;
  return values.map((v, i) => `${(i * dx).toFixed(1)},${(height - (v / top) * height).toFixed(1)}`).join(' ');
}

/**
 * Axis ticks from 0: a step of 1, 2 or 5 × 10^n giving at most `maxTicks` intervals, and a top that
 * is a whole number of steps at or above the data's maximum. Counts never get fractional ticks.
 */
export function niceTicks(max: number, maxTicks = 5): number[] {
  if (!(max > 0)) return [0, 1];
  const rough = max / maxTicks;
  const power = 10 ** Math.floor(Math.log10(rough));
  const step = Math.max(1, [1, 2, 5, 10].map((m) => m * power).find((s) => s >= rough) ?? 10 * power);
  const top = Math.ceil(max / step) * step;
  return Array.from({ length: Math.round(top / step) + 1 }, (_, i) => i * step);
}

/** Which of `count` category labels to print so that at most `maxLabels` show, always the first and last. */
export function labelIndexes(count: number, maxLabels: number): number[] {
  if (count <= 0) return [];
  if (count <= maxLabels) return Array.from({ length: count }, (_, i) => i);
  const every = Math.ceil((count - 1) / (maxLabels - 1));
  const picked = Array.from({ length: Math.floor((count - 1) / every) + 1 }, (_, i) => i * every);
  if (picked[picked.length - 1] !== count - 1) {
    // Keep the last label, dropping the one before it if the two would collide.
    if (count - 1 - (picked[picked.length - 1] ?? 0) < every / 2) picked.pop();
    picked.push(count - 1);
  }
  return picked;
}
