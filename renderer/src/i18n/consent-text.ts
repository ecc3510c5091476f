/**
 * The face-consent text is versioned: the version is recorded with every grant, so what the member
 * read can be shown later. Editing the wording in any language without bumping the version fails
 * consent-text.test.ts (it pins a hash of each language's text to this version).
 */
export const FACE_CONSENT_TEXT_VERSION = 'face-2026.11-v1';

/** sha256 (first 16 hex) of 'join.consent.text' per locale, for FACE_CONSENT_TEXT_VERSION. */
export const FACE_CONSENT_TEXT_HASHES = {
  'zh-CN': '34a89da0bb6024ad',
  'zh-TW': '22f9d678b98255a5',
  en: 'fe80186f1389cfb2',
} as const;
