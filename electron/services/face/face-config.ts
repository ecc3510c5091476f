// How the face engine reads its configuration section; the schema is electron/contract/face-config.ts.
import type { FaceConfig } from '../../contract/face-config.js';
import type { QualityGates } from './face-quality.js';

/** The threshold for a gallery of `size` people: the first step whose bound covers it (the last one beyond). */
export function thresholdForGallery(config: Pick<FaceConfig, 'thresholds'>, size: number): number {
  const steps = [...config.thresholds].sort((a, b) => a.maxGallerySize - b.maxGallerySize);
  for (const step of steps) if (size <= step.maxGallerySize) return step.threshold;
  return steps[steps.length - 1]!.threshold;
}

export function qualityGates(config: FaceConfig): QualityGates {
  return { ...config.quality, pitchRange: [config.quality.pitchRange[0], config.quality.pitchRange[1]] };
}
