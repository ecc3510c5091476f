/**
 * The uniform result every contract call returns, over every transport.
 * The UI switches on `error.code`; `retryable` tells it whether trying again can help.
 */
export type ErrorCode =
  // boundary and plumbing
  | 'UNKNOWN_METHOD'
  | 'INVALID_ARGUMENT'
  | 'UNAUTHORIZED'
  | 'FORBIDDEN'
  | 'PAYLOAD_TOO_LARGE'
  | 'RATE_LIMITED'
  | 'INTERNAL'
  | 'UNAVAILABLE'
  | 'TIMEOUT'
  // data
  | 'NOT_FOUND'
  | 'CONFLICT'
  | 'IDEMPOTENCY_MISMATCH'
  | 'DB_TOO_NEW'
  | 'DB_NOT_KIOSK'
  | 'MIGRATION_FAILED'
  | 'CONFIG_INVALID'
  | 'DATA_DIR_UNUSABLE'
  // domain codes are added by the domains, as plain strings in SCREAMING_SNAKE case
  | (string & { readonly __domainCode?: never });

export interface ErrorInfo {
  code: ErrorCode;
  message: string;
  retryable: boolean;
  /** Optional structured detail for the UI (never personal or biometric data). */
  details?: Record<string, unknown>;
}

export type Envelope<T> = { ok: true; value: T } | { ok: false; error: ErrorInfo };

/** Typed error thrown inside a process; converted to an Envelope at the boundary. */
export class AppError extends Error {
  readonly code: ErrorCode;
  readonly retryable: boolean;
  readonly details: Record<string, unknown> | undefined;

  constructor(code: ErrorCode, message: string, options: { retryable?: boolean; details?: Record<string, unknown>; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'AppError';
    this.code = code;
    this.retryable = options.retryable ?? false;
    this.details = options.details;
  }

  toInfo(): ErrorInfo {
    const info: ErrorInfo = { code: this.code, message: this.message, retryable: this.retryable };
    if (this.details !== undefined) info.details = this.details;
    return info;
  }
}

export function ok<T>(value: T): Envelope<T> {
  return { ok: true, value };
}

export function fail(code: ErrorCode, message: string, retryable = false): Envelope<never> {
  return { ok: false, error: { code, message, retryable } };
}

export function isAppError(e: unknown): e is AppError {
  return e instanceof AppError;
}
