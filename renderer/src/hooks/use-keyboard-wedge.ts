import { useEffect, useRef } from 'react';
import { WedgeBuffer } from './wedge-buffer.js';

/**
 * Listens on the whole page for keyboard-wedge scans while `isEnabled`. Typing into a form
 * field is left alone (a scan there lands in the field, as the person intended).
 */
export function useKeyboardWedge(isEnabled: boolean, onScan: (code: string) => void) {
  const onScanRef = useRef(onScan);
  onScanRef.current = onScan;
  useEffect(() => {
    if (!isEnabled) return;
    const buffer = new WedgeBuffer();
    const onKey = (event: KeyboardEvent) => {
      const target = event.target as HTMLElement | null;
      if (target && (target.tagName === 'INPUT' || target.tagName === 'TEXTAREA' || target.isContentEditable)) return;
      const code = buffer.feed(event.key, event.timeStamp);
      if (code !== null) onScanRef.current(code);
    };
    window.addEventListener('keydown', onKey, true);
    return () => window.removeEventListener('keydown', onKey, true);
  }, [isEnabled]);
}
