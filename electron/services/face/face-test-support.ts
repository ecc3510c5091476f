/** Shared helpers for the face engine's tests (fixture paths, a loaded pipeline per test file). */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const FIXTURES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../tests/fixtures/faces');
export const MODELS_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../native-models');

export function fixture(name: string): Uint8Array {
  return new Uint8Array(fs.readFileSync(path.join(FIXTURES, name)));
}
