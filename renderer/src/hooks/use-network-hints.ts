import { useEffect } from 'react';
import { useInvoke } from './use-call.js';

/**
 * Passes the platform's "network is back" on to the services: when the window hears `online`, a
 * backing-off uploader checks HQ at once (rate-limited there) instead of waiting out its backoff.
 * Returns the function that stops listening.
 */
export function reportNetworkOnline(target: EventTarget, report: () => void): () => void {
  const onOnline = () => report();
  target.addEventListener('online', onOnline);
  return () => target.removeEventListener('online', onOnline);
}

/** Mount once per window (App): every window's `online` reaches the uploader; the services rate-limit the probes. */
export function useNetworkHints(): void {
  const invoke = useInvoke();
  useEffect(() => reportNetworkOnline(window, () => void invoke('sync.networkChanged', { online: true })), [invoke]);
}
