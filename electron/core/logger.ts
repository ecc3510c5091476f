/**
 * Structured logs, one JSON object per line. Redaction happens here, once, so no caller can leak:
 * face images and templates are dropped, credentials hidden, phone numbers masked.
 */
import { findTemplateLikeData, templateLikeTextReason } from '../../edge-sync/protocol/biometric-scan.js';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
export type LogFields = Record<string, unknown>;

export interface Logger {
  debug(event: string, fields?: LogFields): void;
  info(event: string, fields?: LogFields): void;
  warn(event: string, fields?: LogFields): void;
  error(event: string, fields?: LogFields): void;
  child(domain: string): Logger;
}

export type LogSink = (line: string) => void;

const levelRank: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

const BIOMETRIC_KEY = /(template|embedding|descriptor|vector|image|photo|frame|jpeg|png|pixels|crop)/i;
const SECRET_KEY = /(token|secret|password|passwd|pin|credential|authorization|apikey|api_key|privatekey|key$)/i;
const PHONE_KEY = /(phone|mobile|tel)/i;
const PHONE_IN_TEXT = /(?<!\d)(1\d{2})\d{4}(\d{4})(?!\d)/g;
// Written with separators or a country code: "138-1234-5678", "+86 138 1234 5678".
const PHONE_SEPARATED_IN_TEXT = /(?<![\d])(?:\+?86[- ]?)?(1\d{2})[- ](\d{4})[- ](\d{4})(?!\d)/g;
// Free text can still carry what a key would have flagged: an inline image, a bearer token,
// a base64 blob (an encoded template or photo) or a printed float vector.
const DATA_URL_IN_TEXT = /data:[a-z]+\/[a-z0-9.+-]+;base64,[A-Za-z0-9+/=]+/gi;
const BEARER_IN_TEXT = /\b(bearer|basic)\s+[A-Za-z0-9._~+/=-]{8,}/gi;
const BASE64_BLOB_IN_TEXT = /[A-Za-z0-9+/]{120,}={0,2}/g;
const NUMBER_LIST_IN_TEXT = /(?:-?\d+(?:\.\d+)?(?:e[-+]?\d+)?\s*,\s*){31,}-?\d+(?:\.\d+)?(?:e[-+]?\d+)?/gi;

/** Scrubs one free-text string; the key-based rules in redact() come first. */
export function redactText(value: string): string {
  return value
    .replace(DATA_URL_IN_TEXT, '[image removed]')
    .replace(BEARER_IN_TEXT, '$1 [redacted]')
    .replace(NUMBER_LIST_IN_TEXT, '[numeric array removed]')
    .replace(BASE64_BLOB_IN_TEXT, '[binary removed]')
    .replace(PHONE_SEPARATED_IN_TEXT, '$1****$3')
    .replace(PHONE_IN_TEXT, '$1****$2');
}

export function maskPhone(phone: string): string {
  const digits = phone.replace(/\D/g, '');
  if (digits.length < 7) return '***';
  return `${digits.slice(0, 3)}****${digits.slice(-4)}`;
}

export function redact(value: unknown, key = '', depth = 0): unknown {
  if (depth > 6) return '[deep]';
  if (key && BIOMETRIC_KEY.test(key)) return '[biometric removed]';
  if (key && SECRET_KEY.test(key)) return '[redacted]';
  if (value === null || value === undefined) return value;
  if (typeof value === 'string') {
    if (key && PHONE_KEY.test(key)) return maskPhone(value);
    // The same shapes the sync tripwire refuses (wrapped base64, any-delimiter number lists, printed buffers…): drop the whole text.
    if (templateLikeTextReason(value) !== null) return '[biometric removed]';
    const masked = redactText(value);
    return masked.length > 2000 ? `${masked.slice(0, 2000)}…[${masked.length} chars]` : masked;
  }
  if (typeof value === 'number' || typeof value === 'boolean') return value;
  if (ArrayBuffer.isView(value) || value instanceof ArrayBuffer) return '[binary removed]';
  if (Array.isArray(value)) {
    // Long numeric arrays look like templates: never log them.
    if (value.length >= 32 && value.every((v) => typeof v === 'number')) return '[numeric array removed]';
    const items = value.slice(0, 50).map((v) => redact(v, '', depth + 1));
    // Pieces of a template spread over list items (["0.12", "-0.03", …] or chunks of base64).
    return splitTemplate(items) ? items.map((v) => (typeof v === 'string' ? '[biometric removed]' : v)) : items;
  }
  if (value instanceof Error) return { name: value.name, message: redact(value.message, '', depth + 1) };
  if (typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) out[k] = redact(v, k, depth + 1);
    // Pieces spread over a record's values (preferences {d0: "0.12", d1: …}).
    if (splitTemplate(Object.values(out))) for (const k of Object.keys(out)) if (typeof out[k] === 'string') out[k] = '[biometric removed]';
    return out;
  }
  return String(value);
}

function splitTemplate(values: unknown[]): boolean {
  return findTemplateLikeData(values.filter((v) => typeof v === 'string')).some((f) => f.path === '$');
}

export function createLogger(options: { level?: LogLevel; sink?: LogSink; domain?: string; now?: () => Date } = {}): Logger {
  const min = levelRank[options.level ?? 'info'];
  const sink: LogSink = options.sink ?? ((line) => process.stderr.write(`${line}\n`));
  const now = options.now ?? (() => new Date());

  function make(domain: string): Logger {
    const write = (level: LogLevel, event: string, fields?: LogFields) => {
      if (levelRank[level] < min) return;
      const record = { t: now().toISOString(), level, domain, event, ...(fields ? (redact(fields) as LogFields) : {}) };
      sink(JSON.stringify(record));
    };
    return {
      debug: (e, f) => write('debug', e, f),
      info: (e, f) => write('info', e, f),
      warn: (e, f) => write('warn', e, f),
      error: (e, f) => write('error', e, f),
      child: (d) => make(domain ? `${domain}.${d}` : d),
    };
  }
  return make(options.domain ?? 'app');
}

/** A logger that keeps lines in memory: for tests that assert what was (not) logged. */
export function createMemoryLogger(level: LogLevel = 'debug'): Logger & { lines: string[] } {
  const lines: string[] = [];
  const logger = createLogger({ level, sink: (line) => lines.push(line) });
  return Object.assign(logger, { lines });
}
