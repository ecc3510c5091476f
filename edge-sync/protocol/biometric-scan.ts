/**
 * Looks for anything template-like in a JSON value: long numeric arrays (embeddings), base64 or hex
 * blobs (encoded images or Float32 buffers), data: URLs, and number-list strings. Used by HQ on every
 * payload it receives and by tests over every payload the store produced. It is a tripwire on top of
 * the strict wire schemas, which already have no field that could carry such data.
 */
export interface TemplateFinding {
  path: string;
  reason: string;
}

const BASE64_BLOB = /[A-Za-z0-9+/]{96,}={0,2}/;
const HEX_BLOB = /[0-9a-fA-F]{128,}/;
const DATA_URL = /data:[a-z]+\/[a-z0-9.+-]+;base64,/i;
const NUMBER_LIST = /(-?\d+(\.\d+)?(e-?\d+)?\s*[,; ]\s*){31,}-?\d/;
const SUSPICIOUS_KEY = /(template|embedding|descriptor|feature_?vector|face_?vec|image|photo|jpeg|png|pixels)/i;

/**
 * `keys: true` also flags biometric-sounding key names (for audits; off where user-chosen keys such
 * as member preferences could trip it).
 */
export function findTemplateLikeData(value: unknown, options: { keys?: boolean } = {}, path = '$', out: TemplateFinding[] = []): TemplateFinding[] {
  if (out.length > 20) return out;
  if (typeof value === 'string') {
    if (DATA_URL.test(value)) out.push({ path, reason: 'data URL' });
    else if (BASE64_BLOB.test(value)) out.push({ path, reason: 'base64-like blob' });
    else if (HEX_BLOB.test(value)) out.push({ path, reason: 'hex blob' });
    else if (NUMBER_LIST.test(value)) out.push({ path, reason: 'list of numbers in text' });
    else if (looksLikeFloat32Bytes(value)) out.push({ path, reason: 'binary float bytes' });
    return out;
  }
  if (Array.isArray(value)) {
    const numeric = value.filter((v) => typeof v === 'number').length;
    if (numeric >= 16) out.push({ path, reason: `numeric array of ${value.length}` });
    value.forEach((v, i) => findTemplateLikeData(v, options, `${path}[${i}]`, out));
    return out;
  }
  if (value !== null && typeof value === 'object') {
    if (ArrayBuffer.isView(value) || value instanceof ArrayBuffer) {
      out.push({ path, reason: 'binary buffer' });
      return out;
    }
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
      // A count or flag named after templates (faceTemplatesDeleted: 2) is fine; content under such a name is not.
      if (options.keys && SUSPICIOUS_KEY.test(k) && typeof v !== 'number' && typeof v !== 'boolean') out.push({ path: `${path}.${k}`, reason: 'biometric-sounding key' });
      findTemplateLikeData(v, options, `${path}.${k}`, out);
    }
  }
  return out;
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
