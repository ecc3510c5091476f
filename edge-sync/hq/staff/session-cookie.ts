import { timingSafeEqual } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { HqHttpError } from '../http/hq-app.js';
import { SESSION_ABSOLUTE_MS } from './session-store.js';

/**
 * The console's session cookie and the cross-site checks every console request shares.
 *
 * Cookie: HttpOnly (no script reads it), SameSite=Strict (no other site's page sends it), Path=/console
 * (device endpoints never see it), and Secure whenever the page is served over TLS or on a loopback
 * address. Chromium (and Firefox) treat http://127.0.0.1, http://[::1] and http://localhost as
 * potentially trustworthy origins and accept Secure cookies from them, so the loopback console keeps the
 * Secure flag too (checked with Debian's Chromium, docs/hq-console-api.md). Only a plain-HTTP lab on
 * another address (`--lab-plain-http`) gets a cookie without Secure, which the browser would drop otherwise.
 */
export const SESSION_COOKIE = 'hq_console_session';
const COOKIE_PATH = '/console';

const LOOPBACK_HOST = /^(localhost|127(?:\.\d{1,3}){3}|\[::1\]|::1)$/i;

function hostWithoutPort(host: string): string {
  if (host.startsWith('[')) return host.slice(0, host.indexOf(']') + 1);
  return host.replace(/:\d+$/, '');
}

/** True when a browser will keep a Secure cookie from this request's origin. */
export function isSecureContext(request: FastifyRequest): boolean {
  return request.protocol === 'https' || LOOPBACK_HOST.test(hostWithoutPort(request.headers.host ?? ''));
}

// Session ids are base64url, so the cookie needs no encoding. (Written here rather than with
// @fastify/cookie: its parse/serialize only work once the plugin has booted on the app, and the guard
// must work on whichever app a route module is registered.)
const SESSION_VALUE = /^[A-Za-z0-9_-]{20,100}$/;

export function readSessionCookie(request: FastifyRequest): string | null {
  const header = request.headers.cookie;
  if (!header) return null;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0 || part.slice(0, eq).trim() !== SESSION_COOKIE) continue;
    const value = part.slice(eq + 1).trim();
    return SESSION_VALUE.test(value) ? value : null;
  }
  return null;
}

function sessionCookie(request: FastifyRequest, value: string, maxAgeSeconds: number): string {
  return [`${SESSION_COOKIE}=${value}`, `Max-Age=${maxAgeSeconds}`, `Path=${COOKIE_PATH}`, 'HttpOnly', 'SameSite=Strict', ...(isSecureContext(request) ? ['Secure'] : [])].join('; ');
}

export function setSessionCookie(request: FastifyRequest, reply: FastifyReply, sessionId: string): void {
  // The server ends the session earlier when idle; the browser forgets the cookie at the absolute limit at the latest.
  void reply.header('set-cookie', sessionCookie(request, sessionId, SESSION_ABSOLUTE_MS / 1000));
}

export function clearSessionCookie(request: FastifyRequest, reply: FastifyReply): void {
  void reply.header('set-cookie', sessionCookie(request, '', 0));
}

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
export const isUnsafeMethod = (method: string): boolean => UNSAFE.has(method.toUpperCase());

/**
 * Refuses a request another site's page made: Sec-Fetch-Site (sent by every current browser) must be
 * same-origin or none (typed address, bookmark), and an Origin header must name this host. Tools that
 * send neither (curl, tests) pass here and still need the CSRF token for unsafe methods.
 */
export function refuseCrossSite(request: FastifyRequest): void {
  const site = request.headers['sec-fetch-site'];
  if (typeof site === 'string' && site !== 'same-origin' && site !== 'none') {
    throw new HqHttpError(403, 'CSRF_REJECTED', `cross-site request refused (Sec-Fetch-Site: ${site.slice(0, 20)})`);
  }
  const origin = request.headers.origin;
  if (typeof origin === 'string') {
    let originHost: string | null = null;
    try {
      originHost = origin === 'null' ? null : new URL(origin).host;
    } catch {
      originHost = null;
    }
    if (originHost === null || originHost.toLowerCase() !== (request.headers.host ?? '').toLowerCase()) {
      throw new HqHttpError(403, 'CSRF_REJECTED', 'cross-site request refused (Origin is not this console)');
    }
  }
}

/** The synchronizer token check: the session's token in x-csrf-token, compared in constant time. */
export function checkCsrfToken(request: FastifyRequest, expected: string): void {
  const sent = request.headers['x-csrf-token'];
  const a = Buffer.from(typeof sent === 'string' ? sent : '', 'utf8');
  const b = Buffer.from(expected, 'utf8');
  if (a.length !== b.length || !timingSafeEqual(a, b)) {
    throw new HqHttpError(403, 'CSRF_REJECTED', 'missing or wrong x-csrf-token');
  }
}
