import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createHqApp, HqHttpError } from './hq-app.js';

const now = () => new Date('2026-03-01T08:00:00.000Z');

describe('createHqApp', () => {
  it('validates with the zod schema and answers refusals in the wire error envelope', async () => {
    const app = createHqApp({ now });
    app.post('/echo', { schema: { body: z.object({ n: z.number().int().max(9) }).strict(), response: { 200: z.object({ twice: z.number() }) } } }, async (req) => ({ twice: req.body.n * 2 }));
    app.get('/refuse', async () => {
      throw new HqHttpError(409, 'CONFLICT', 'already there');
    });
    expect((await app.inject({ method: 'POST', url: '/echo', payload: { n: 4 } })).json()).toEqual({ twice: 8 });
    const bad = await app.inject({ method: 'POST', url: '/echo', payload: { n: 40 } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({ v: 1, error: { code: 'MALFORMED' }, hqTime: '2026-03-01T08:00:00.000Z' });
    expect(bad.json().error.message).toMatch(/^n: /);
    const refused = await app.inject({ method: 'GET', url: '/refuse' });
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error).toEqual({ code: 'CONFLICT', message: 'already there' });
    await app.close();
  });
});
