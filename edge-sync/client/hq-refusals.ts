import { EVENT_SCOPED_ERROR_CODES } from '../protocol/wire.js';
import type { HqCallError } from './hq-client.js';

/**
 * HQ refused the request because of something in it (a malformed or out-of-range event, a member of
 * another store, a reused event id, points over the bounds): isolate and park that event. Refusals
 * about the device itself (401, ORIGIN_MISMATCH, FORBIDDEN, 429) are not the events' fault and are retried.
 */
export function refusesAnEvent(error: HqCallError): boolean {
  if (error.status === 400 || error.status === 413 || error.status === 422) return true;
  return (error.status === 403 || error.status === 409) && error.code !== null && (EVENT_SCOPED_ERROR_CODES as readonly string[]).includes(error.code);
}

