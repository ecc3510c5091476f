import { afterEach, describe, expect, it, vi } from 'vitest';
import { ConsoleApiError, ConsoleClient } from './console-client.js';

function answer(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(body === undefined ? null : JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } });
}

describe('ConsoleClient', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('sends the CSRF token on unsafe methods only, and query parameters without empty ones', async () => {
    const fetchMock = vi.fn(async () => answer(200, { ok: true }));
    vi.stubGlobal('fetch', fetchMock);
    const client = new ConsoleClient();
    client.setCsrfToken('csrf-1');
    await client.get('/dashboard', { grain: 'week', storeId: '', from: undefined });
    await client.post('/rules', { a: 1 });
    const calls = fetchMock.mock.calls as unknown as [string, RequestInit][];
    expect(calls[0]?.[0]).toBe('/console/api/dashboard?grain=week');
    expect((calls[0]?.[1].headers as Record<string, string>)['x-csrf-token']).toBeUndefined();
    expect((calls[1]?.[1].headers as Record<string, string>)['x-csrf-token']).toBe('csrf-1');
    expect(calls[1]?.[1].body).toBe('{"a":1}');
  });

  it("turns HQ's envelope into a typed error: code, retry time, validation issues; unknown codes are INTERNAL", async () => {
    vi.stubGlobal('fetch', async () => answer(423, { v: 1, error: { code: 'LOCKED_OUT', message: 'locked', retryAfterSeconds: 120 }, hqTime: '' }));
    const locked = await new ConsoleClient().post('/session', {}).catch((e: unknown) => e);
    expect(locked).toBeInstanceOf(ConsoleApiError);
    expect(locked).toMatchObject({ status: 423, code: 'LOCKED_OUT', retryAfterSeconds: 120 });

    vi.stubGlobal('fetch', async () => answer(400, { v: 1, error: { code: 'VALIDATION', message: 'bad', issues: [{ path: 'tiers.0', message: 'x' }] }, hqTime: '' }));
    await expect(new ConsoleClient().post('/rules', {})).rejects.toMatchObject({ code: 'VALIDATION', issues: [{ path: 'tiers.0', message: 'x' }] });

    vi.stubGlobal('fetch', async () => answer(418, { v: 1, error: { code: 'TEAPOT', message: '' }, hqTime: '' }));
    await expect(new ConsoleClient().get('/x')).rejects.toMatchObject({ code: 'INTERNAL' });

    vi.stubGlobal('fetch', async () => {
      throw new TypeError('Failed to fetch');
    });
    await expect(new ConsoleClient().get('/x')).rejects.toMatchObject({ code: 'NETWORK', status: 0 });
  });
});
