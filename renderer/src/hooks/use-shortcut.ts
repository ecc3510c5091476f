import { useEffect, useRef } from 'react';

/**
 * A keyboard shortcut on the whole page (F-keys and Escape: they never type into a field, so they
 * work wherever the focus is). The handler is read through a ref: callers pass inline functions.
 */
export function useShortcut(key: string, handler: () => void, isEnabled = true) {
  const ref = useRef(handler);
  ref.current = handler;
  useEffect(() => {
    if (!isEnabled) return;
    const onKey = (event: KeyboardEvent) => {
      if (event.key !== key || event.ctrlKey || event.altKey || event.metaKey) return;
      event.preventDefault();
      ref.current();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [key, isEnabled]);
}
