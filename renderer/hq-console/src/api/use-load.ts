import { useCallback, useEffect, useRef, useState } from 'react';
import { ConsoleApiError, type ConsoleClient } from './console-client.js';
import { useSession } from './session-context.js';

export interface Loaded<T> {
  data: T | undefined;
  error: ConsoleApiError | null;
  loading: boolean;
  reload(): void;
}

export function asApiError(error: unknown): ConsoleApiError {
  return error instanceof ConsoleApiError ? error : new ConsoleApiError(0, 'INTERNAL', String(error));
}

/**
 * Loads what a page shows; reloads when `key` changes (query parameters) or on reload(). A
 * SIGNED_OUT answer ends the session so the sign-in page comes back.
 */
export function useLoad<T>(load: (client: ConsoleClient) => Promise<T>, key: string): Loaded<T> {
  const { client, lost } = useSession();
  const [data, setData] = useState<T>();
  const [error, setError] = useState<ConsoleApiError | null>(null);
  const [loading, setLoading] = useState(true);
  const [generation, setGeneration] = useState(0);
  const loadRef = useRef(load);
  loadRef.current = load;
  useEffect(() => {
    let current = true;
    setLoading(true);
    loadRef.current(client).then(
      (value) => {
        if (!current) return;
        setData(value);
        setError(null);
        setLoading(false);
      },
      (err: unknown) => {
        if (!current) return;
        const apiError = asApiError(err);
        if (apiError.code === 'SIGNED_OUT') lost();
        setError(apiError);
        setLoading(false);
      },
    );
    return () => {
      current = false;
    };
  }, [client, lost, key, generation]);
  const reload = useCallback(() => setGeneration((g) => g + 1), []);
  return { data, error, loading, reload };
}

/** Runs one action (a button): its pending state and its refusal, for the page to show. */
export function useAction() {
  const { client, lost } = useSession();
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<ConsoleApiError | null>(null);
  const run = useCallback(
    async <T,>(action: (client: ConsoleClient) => Promise<T>): Promise<T | undefined> => {
      setPending(true);
      setError(null);
      try {
        return await action(client);
      } catch (err) {
        const apiError = asApiError(err);
        if (apiError.code === 'SIGNED_OUT') lost();
        setError(apiError);
        return undefined;
      } finally {
        setPending(false);
      }
    },
    [client, lost],
  );
  return { run, pending, error, clearError: () => setError(null) };
}
