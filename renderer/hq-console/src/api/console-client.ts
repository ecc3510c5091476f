import { CONSOLE_ERROR_CODES, type ConsoleErrorCode, type ErrorEnvelope, type ValidationIssue } from './types.js';

/** A refusal from HQ (or no answer at all), with what the pages need to explain it. */
export class ConsoleApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: ConsoleErrorCode,
    message: string,
    readonly retryAfterSeconds: number | null = null,
    readonly issues: ValidationIssue[] = [],
  ) {
    super(message);
  }
}

function knownCode(code: string): ConsoleErrorCode {
  return (CONSOLE_ERROR_CODES as readonly string[]).includes(code) ? (code as ConsoleErrorCode) : 'INTERNAL';
}

type Query = Record<string, string | number | undefined | null>;

/**
 * The console's only door to HQ: same-origin JSON under /console/api with the session cookie, and the
 * session's CSRF token on every unsafe method (HQ refuses them without it).
 */
export class ConsoleClient {
  private csrfToken: string | null = null;

  constructor(private readonly base = '/console/api') {}

  setCsrfToken(token: string | null): void {
    this.csrfToken = token;
  }

  get<T>(path: string, query: Query = {}): Promise<T> {
    return this.send<T>('GET', path, undefined, query);
  }
  post<T>(path: string, body: unknown = {}): Promise<T> {
    return this.send<T>('POST', path, body);
  }
  put<T>(path: string, body: unknown): Promise<T> {
    return this.send<T>('PUT', path, body);
  }
  patch<T>(path: string, body: unknown): Promise<T> {
    return this.send<T>('PATCH', path, body);
  }
  delete<T>(path: string): Promise<T> {
    return this.send<T>('DELETE', path);
  }

  private async send<T>(method: string, path: string, body?: unknown, query: Query = {}): Promise<T> {
    const params = new URLSearchParams();
    for (const [key, value] of Object.entries(query)) if (value !== undefined && value !== null && value !== '') params.set(key, String(value));
    const url = `${this.base}${path}${params.size > 0 ? `?${params}` : ''}`;
    const headers: Record<string, string> = {};
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (method !== 'GET' && this.csrfToken) headers['x-csrf-token'] = this.csrfToken;
    let response: Response;
    try {
      response = await fetch(url, { method, headers, credentials: 'same-origin', body: body === undefined ? undefined : JSON.stringify(body) });
    } catch (error) {
      throw new ConsoleApiError(0, 'NETWORK', (error as Error).message);
    }
    if (response.status === 204) return undefined as T;
    const text = await response.text();
    let parsed: unknown = null;
    try {
      parsed = text ? JSON.parse(text) : null;
    } catch {
      parsed = null;
    }
    if (response.ok) return parsed as T;
    const envelope = parsed as Partial<ErrorEnvelope> | null;
    const error = envelope?.error;
    if (!error) throw new ConsoleApiError(response.status, response.status === 404 ? 'NOT_FOUND' : 'INTERNAL', text.slice(0, 200));
    const retryHeader = Number(response.headers.get('retry-after'));
    const retryAfter = typeof error.retryAfterSeconds === 'number' ? error.retryAfterSeconds : Number.isFinite(retryHeader) && retryHeader > 0 ? retryHeader : null;
    throw new ConsoleApiError(response.status, knownCode(error.code), error.message, retryAfter, Array.isArray(error.issues) ? error.issues : []);
  }
}
