import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { catalogues } from './catalogue.js';
import { locales } from './locales.js';
import { FACE_CONSENT_TEXT_HASHES, FACE_CONSENT_TEXT_VERSION } from './consent-text.js';

describe('face consent text', () => {
  it.each(locales)('the %s wording is the one recorded for the current version (bump the version when you edit it)', (locale) => {
    const hash = createHash('sha256').update(catalogues[locale]['join.consent.text']).digest('hex').slice(0, 16);
    expect({ version: FACE_CONSENT_TEXT_VERSION, hash }).toEqual({ version: FACE_CONSENT_TEXT_VERSION, hash: FACE_CONSENT_TEXT_HASHES[locale] });
  });
  it('the version is in the form the consent service accepts', () => {
    expect(FACE_CONSENT_TEXT_VERSION).toMatch(/^[\w.-]{1,40}$/);
  });
});
