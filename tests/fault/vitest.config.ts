import { defineConfig } from 'vitest/config';
import base from '../../vitest.config.js';

/** `npm run test:fault`: HQ outages, SIGKILLs and hostile requests, kept out of the unit run. */
export default defineConfig({
  test: { ...base.test, include: ['tests/fault/**/*.test.ts'], exclude: ['node_modules/**', 'build/**'] },
});
