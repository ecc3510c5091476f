import { canonicalRequest, newNonce, signRequest } from '../../../edge-sync/protocol/signing.js';
import { HEADER } from '../../../edge-sync/protocol/wire.js';

export interface RawResponse {
  status: number;
  body: { error?: { code: string; message: string } } & Record<string, unknown>;
  headers: Headers;
}

/** A hand-made request to HQ, signed or not, with every knob a test needs to get it wrong on purpose. */
export async function rawRequest(
  baseUrl: string,
  method: string,
  path: string,
  body: string | null,
  auth?: { deviceId: string; secret: string; timestampMs?: number; nonce?: string; signature?: string },
  extraHeaders: Record<string, string> = {},
): Promise<RawResponse> {
  const headers: Record<string, string> = { 'content-type': 'application/json', ...extraHeaders };
  if (auth) {
    const ts = auth.timestampMs ?? Date.now();
    const nonce = auth.nonce ?? newNonce();
    headers[HEADER.device] = auth.deviceId;
    headers[HEADER.timestamp] = String(ts);
    headers[HEADER.nonce] = nonce;
    headers[HEADER.signature] = auth.signature ?? signRequest(auth.secret, canonicalRequest(method, path, ts, nonce, body ?? ''));
  }
  const res = await fetch(new URL(path, baseUrl), { method, headers, body: body ?? undefined });
  const text = await res.text();
  let json: RawResponse['body'] = {};
  try {
    json = JSON.parse(text) as RawResponse['body'];
  } catch {
    json = {};
  }
  return { status: res.status, body: json, headers: res.headers };
}
