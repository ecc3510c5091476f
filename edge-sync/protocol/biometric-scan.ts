/**
 * Looks for anything template-like in a JSON value: long numeric arrays (embeddings), base64 or hex
 * blobs (encoded images or Float32 buffers) also when line-wrapped, data: URLs, numbers joined by
 * any delimiter, printed buffers (`<Buffer 3d 2a …>`), and numbers split across list items or
 * record values. Used at the outbox (every event a store queues), by HQ on every payload it
 * receives, and by the app logger's redaction (electron/core/logger.ts), so the three agree.
 * It is a tripwire on top of the strict wire schemas, which bound every free-text field.
 */
export interface TemplateFinding {
  path: string;
  reason: string;
}

const DATA_URL = /data:[a-z]+\/[a-z0-9.+-]+;base64,/i;
/** One run of base64/hex characters, long enough to hold a quarter of a 128-d float template. */
const BASE64_RUN = /[A-Za-z0-9+/_-]{96,}={0,2}/;
const BASE64_CHARS = /^[A-Za-z0-9+/_=-]+$/;
const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i;
const NUMBER = /[-+]?(?:\d+(?:[.,]\d+)?|[.,]\d+)(?:e[-+]?\d+)?/gi;
const HEX_BYTE_LIST = /(?:\b[0-9a-f]{2}\b[\s,:|;-]*){32,}/i;
/** A template has 128 numbers; a quarter of it is already too much to leave in free text. */
const MIN_NUMBERS = 24;
/** Items of one list (or values of one record) that are each just a number. */
const MIN_NUMERIC_ITEMS = 12;
const SUSPICIOUS_KEY = /(template|embedding|descriptor|feature_?vector|face_?vec|image|photo|jpeg|png|pixels)/i;

/** Why a text looks like an encoded template or image, or null. */
export function templateLikeTextReason(s: string): string | null {
  if (s.length < 24) return null;
  if (DATA_URL.test(s)) return 'data URL';
  if (BASE64_RUN.test(s)) return 'base64-like blob';
  if (wrappedBase64(s)) return 'line-wrapped base64';
  if (HEX_BYTE_LIST.test(s)) return 'list of bytes in text';
  if (numberList(s)) return 'list of numbers in text';
  if (looksLikeFloat32Bytes(s)) return 'binary float bytes';
  return null;
}

/** Base64 broken into lines or chunks: consecutive whitespace-separated tokens of base64 characters, 96+ in all. */
function wrappedBase64(s: string): boolean {
  let run = 0;
  for (const token of s.split(/[\s"'`\\]+/)) {
    // Ordinary words are short or lack digits; chunks of an encoding are long and mix classes; ids (UUIDs) are not chunks.
    if (token.length >= 8 && BASE64_CHARS.test(token) && /\d/.test(token) && /[A-Za-z]/.test(token) && !UUID.test(token)) {
      run += token.length;
      if (run >= 96) return true;
    } else if (token.length > 0) run = 0;
  }
  return false;
}

/** Many numbers that make up most of the text, whatever joins them (comma, |, tab, newline, brackets). */
function numberList(s: string): boolean {
  const numbers = s.match(NUMBER);
  if (!numbers || numbers.length < MIN_NUMBERS) return false;
  const digits = numbers.reduce((n, x) => n + x.length, 0);
  // Fractions (0.0123) or long integers: not prices and dates in a note.
  const fractional = numbers.filter((x) => /[.,]\d{3,}|e[-+]?\d/i.test(x)).length;
  return digits / s.replace(/\s+/g, '').length > 0.5 && (fractional >= MIN_NUMBERS / 2 || numbers.length >= 64);
}

function isNumericText(v: unknown): boolean {
  return typeof v === 'string' && /^\s*[-+]?(?:\d+(?:[.,]\d+)?|[.,]\d+)(?:e[-+]?\d+)?\s*$/i.test(v);
}

/**
 * `keys: true` also flags biometric-sounding key names (for audits; off where user-chosen keys such
 * as member preferences could trip it).
 */
export function findTemplateLikeData(value: unknown, options: { keys?: boolean } = {}, path = '$', out: TemplateFinding[] = []): TemplateFinding[] {
  if (out.length > 20) return out;
  if (typeof value === 'string') {
    const reason = templateLikeTextReason(value);
    if (reason) out.push({ path, reason });
    return out;
  }
  if (Array.isArray(value)) {
    const numeric = value.filter((v) => typeof v === 'number').length;
    if (numeric >= 16) out.push({ path, reason: `numeric array of ${value.length}` });
    else if (value.filter(isNumericText).length >= MIN_NUMERIC_ITEMS) out.push({ path, reason: 'numbers split across list items' });
    else if (splitAcrossItems(value.filter((v): v is string => typeof v === 'string'))) out.push({ path, reason: 'encoding split across list items' });
    value.forEach((v, i) => findTemplateLikeData(v, options, `${path}[${i}]`, out));
    return out;
  }
  if (value !== null && typeof value === 'object') {
    if (ArrayBuffer.isView(value) || value instanceof ArrayBuffer) {
      out.push({ path, reason: 'binary buffer' });
      return out;
    }
    const entries = Object.entries(value as Record<string, unknown>);
    const values = entries.map(([, v]) => v);
    if (values.filter(isNumericText).length >= MIN_NUMERIC_ITEMS) out.push({ path, reason: 'numbers split across record values' });
    else if (splitAcrossItems(values.filter((v): v is string => typeof v === 'string'))) out.push({ path, reason: 'encoding split across record values' });
    for (const [k, v] of entries) {
      // A count or flag named after templates (faceTemplatesDeleted: 2) is fine; content under such a name is not.
      if (options.keys && SUSPICIOUS_KEY.test(k) && typeof v !== 'number' && typeof v !== 'boolean') out.push({ path: `${path}.${k}`, reason: 'biometric-sounding key' });
      findTemplateLikeData(v, options, `${path}.${k}`, out);
    }
  }
  return out;
}

/** Pieces that are innocent alone but template-like joined (tags ["0.12 0.5 …", "…"], chunks of base64). */
function splitAcrossItems(items: string[]): boolean {
  if (items.length < 2) return false;
  return templateLikeTextReason(items.join('\n')) !== null;
}

/** Float32 data pushed through a string shows up as many control/high bytes; real text has few. */
function looksLikeFloat32Bytes(s: string): boolean {
  if (s.length < 64) return false;
  let odd = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 9 || (c > 13 && c < 32) || (c >= 0x7f && c <= 0x9f) || c === 0xfffd) odd++;
  }
  return odd / s.length > 0.1;
}
