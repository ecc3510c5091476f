import { chromium, expect, test, type Browser } from '@playwright/test';
import type { HqDb } from '../../edge-sync/hq/db/hq-db.js';
import type { HqApp } from '../../edge-sync/hq/http/hq-app.js';
import { createConsoleTestApp, createStaffAndSignIn, openScratchHqDb, type ConsoleTestSession } from '../support/hq-console-session.js';
import { chromiumPath } from './support/paths.js';

/**
 * What Debian's Chromium does with the console's session cookie over plain HTTP (issue 13):
 * http://127.0.0.1 and http://localhost are potentially trustworthy origins, so it keeps a Secure
 * cookie from them and HQ sets Secure there; on any other name over plain HTTP (a lab, mapped here to
 * loopback with --host-resolver-rules) it drops a Secure cookie, so HQ leaves Secure off there.
 */
let db: HqDb;
let closeDb: () => Promise<void>;
let app: HqApp;
let browser: Browser;
let staff: ConsoleTestSession;
let port = 0;

test.beforeAll(async () => {
  ({ db, close: closeDb } = await openScratchHqDb());
  app = await createConsoleTestApp({
    db,
    now: () => new Date(),
    routes: [
      (a) => {
        a.get('/console/', async (_req, reply) => reply.type('text/html').send('<!doctype html><title>console</title>'));
        // Chromium's own rule, independent of HQ's choice: a Secure cookie over plain HTTP.
        a.get('/console/probe-secure', async (_req, reply) => reply.header('set-cookie', 'probe=1; Path=/console; Secure; SameSite=Strict').send({ ok: true }));
      },
    ],
  });
  staff = await createStaffAndSignIn(app, db, { chainId: 'chain-cookie', role: 'operations', now: new Date() });
  await app.listen({ host: '127.0.0.1', port: 0 });
  port = (app.server.address() as { port: number }).port;
  browser = await chromium.launch({
    executablePath: chromiumPath,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--host-resolver-rules=MAP hq.lab 127.0.0.1'],
  });
});
test.afterAll(async () => {
  await browser?.close();
  await app?.close();
  await closeDb?.();
});

for (const { host, secure } of [
  { host: '127.0.0.1', secure: true },
  { host: 'localhost', secure: true },
  { host: 'hq.lab', secure: false },
]) {
  test(`signs in over http://${host}: the session cookie is kept${secure ? ' with Secure' : ' without Secure'}, hidden from scripts, and sent back`, async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`http://${host}:${port}/console/`);
    const answer = await page.evaluate(async ({ username, password }) => {
      const signIn = await fetch('/console/api/session', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }) });
      const me = await fetch('/console/api/session');
      const scriptSees = document.cookie;
      await fetch('/console/probe-secure');
      return { signIn: signIn.status, me: me.status, scriptSees };
    }, { username: staff.username, password: staff.password });
    expect(answer).toEqual({ signIn: 200, me: 200, scriptSees: '' });
    const cookies = await context.cookies();
    const session = cookies.find((c) => c.name === 'hq_console_session');
    expect(session).toMatchObject({ secure, httpOnly: true, sameSite: 'Strict', path: '/console' });
    // Chromium keeps a Secure cookie over plain HTTP only from a loopback origin.
    expect(cookies.some((c) => c.name === 'probe')).toBe(secure);
    await context.close();
  });
}
