import { useCallback, useEffect, useRef, useState } from 'react';
import type { ArgsOf, Envelope, ErrorInfo, EventName, EventPayload, MethodName, ResultOf } from '../../../electron/contract/index.js';
import { useClient } from './client-context.js';

export type CallState<T> =
  | { status: 'idle' }
  | { status: 'loading' }
  | { status: 'ok'; value: T }
  | { status: 'error'; error: ErrorInfo };

/** A transport failure (network down, host gone) looks like any other retryable error to the UI. */
export function transportError(error: unknown): ErrorInfo {
  return { code: 'UNAVAILABLE', message: error instanceof Error ? error.message : String(error), retryable: true };
}

/** Runs a call and never throws: the UI switches on the envelope. */
export async function safeInvoke<M extends MethodName>(
  invoke: (method: M, args: ArgsOf<M>) => Promise<Envelope<ResultOf<M>>>,
  method: M,
  args: ArgsOf<M>,
): Promise<Envelope<ResultOf<M>>> {
  try {
    return await invoke(method, args);
  } catch (error) {
    return { ok: false, error: transportError(error) };
  }
}

/** Imperative calls (buttons, forms): returns the envelope. */
export function useInvoke() {
  const client = useClient();
  return useCallback(
    <M extends MethodName>(method: M, args: ArgsOf<M>): Promise<Envelope<ResultOf<M>>> =>
      safeInvoke((m: M, a: ArgsOf<M>) => client.invoke(m, a), method, args),
    [client],
  );
}

/**
 * Loads a call's result when the component mounts or `key` changes; `reload()` runs it again.
 * `args` is read through a ref so callers may pass inline objects without re-running the call.
 */
export function useCall<M extends MethodName>(method: M, args: ArgsOf<M>, key: unknown = null, enabled = true) {
  const invoke = useInvoke();
  const [state, setState] = useState<CallState<ResultOf<M>>>(enabled ? { status: 'loading' } : { status: 'idle' });
  const argsRef = useRef(args);
  argsRef.current = args;
  const [generation, setGeneration] = useState(0);

  useEffect(() => {
    if (!enabled) return;
    let isCurrent = true;
    setState({ status: 'loading' });
    void invoke(method, argsRef.current).then((envelope) => {
      if (!isCurrent) return;
      setState(envelope.ok ? { status: 'ok', value: envelope.value } : { status: 'error', error: envelope.error });
    });
    return () => {
      isCurrent = false;
    };
  }, [invoke, method, key, generation, enabled]);

  const reload = useCallback(() => setGeneration((g) => g + 1), []);
  return { state, reload };
}

/** Latest payload of an event (the hosts replay the current state of each event on connect). */
export function useEvent<E extends EventName>(event: E): EventPayload<E> | null {
  const client = useClient();
  const [payload, setPayload] = useState<EventPayload<E> | null>(null);
  useEffect(() => client.on(event, setPayload), [client, event]);
  return payload;
}
