/**
 * Call arguments that hold bytes (a camera frame's pixels), for transports that speak text.
 * JSON would turn a Uint8Array into {"0":…,"1":…} (~10× larger and slow to parse) and base64 adds a
 * third plus an encode and a decode per frame, so the browser-hosted transport sends such calls as
 * one binary body: magic, the arguments as JSON with each Uint8Array replaced by a
 * {"$bytes":[offset,length]} marker, then the bytes themselves. Electron IPC needs none of this:
 * its structured clone carries typed arrays as they are.
 */
export const BINARY_ARGS_CONTENT_TYPE = 'application/x-kiosk-args';
const MAGIC = [0x4b, 0x42, 0x41, 0x31]; // "KBA1"
const HEADER = 8;

/** True when some value inside the arguments is a Uint8Array (then they go as a binary body). */
export function hasBytes(value: unknown): boolean {
  if (value instanceof Uint8Array) return true;
  if (Array.isArray(value)) return value.some(hasBytes);
  if (typeof value === 'object' && value !== null) return Object.values(value).some(hasBytes);
  return false;
}

export function encodeBinaryArgs(args: unknown): Uint8Array<ArrayBuffer> {
  const blobs: Uint8Array[] = [];
  let offset = 0;
  const json = JSON.stringify(args, (_key, value: unknown) => {
    if (value instanceof Uint8Array) {
      blobs.push(value);
      const marker = { $bytes: [offset, value.byteLength] };
      offset += value.byteLength;
      return marker;
    }
    return value;
  });
  const text = new TextEncoder().encode(json);
  const out = new Uint8Array(HEADER + text.byteLength + offset);
  out.set(MAGIC, 0);
  new DataView(out.buffer).setUint32(4, text.byteLength, true);
  out.set(text, HEADER);
  let at = HEADER + text.byteLength;
  for (const b of blobs) {
    out.set(b, at);
    at += b.byteLength;
  }
  return out;
}

/** The arguments back, with views into `body` for the bytes; throws on anything malformed. */
export function decodeBinaryArgs(body: Uint8Array): unknown {
  if (body.byteLength < HEADER || MAGIC.some((b, i) => body[i] !== b)) throw new Error('not a binary argument body');
  const jsonLength = new DataView(body.buffer, body.byteOffset, body.byteLength).getUint32(4, true);
  if (HEADER + jsonLength > body.byteLength) throw new Error('binary argument body is cut short');
  const bytes = body.subarray(HEADER + jsonLength);
  const text = new TextDecoder('utf-8', { fatal: true }).decode(body.subarray(HEADER, HEADER + jsonLength));
  return JSON.parse(text, (_key, value: unknown) => {
    if (!isMarker(value)) return value;
    const [start, length] = value.$bytes;
    if (start + length > bytes.byteLength) throw new Error('a byte range lies outside the body');
    return bytes.subarray(start, start + length);
  });
}

function isMarker(value: unknown): value is { $bytes: [number, number] } {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const keys = Object.keys(value);
  const range = (value as { $bytes?: unknown }).$bytes;
  return keys.length === 1 && keys[0] === '$bytes' && Array.isArray(range) && range.length === 2 && range.every((n) => Number.isInteger(n) && n >= 0);
}
