import { useEffect, useRef } from 'react';
import { KeyboardWedgeCapture } from '../devices/keyboard-wedge.js';

/**
 * Listens on the whole page for keyboard-wedge scans (renderer/src/devices/keyboard-wedge.ts tells a
 * scanner's burst from a person typing) while `isEnabled`. Typing into a form field is left alone:
 * a scan there lands in the field, as the person intended.
 */
export function useKeyboardWedge(isEnabled: boolean, onScan: (code: string) => void) {
  const onScanRef = useRef(onScan);
  onScanRef.current = onScan;
  useEffect(() => {
    if (!isEnabled) return;
    const capture = new KeyboardWedgeCapture({ onScan: (code) => onScanRef.current(code) });
    const onKey = (event: KeyboardEvent) => {
      const target = event.target as HTMLElement | null;
      if (target && (target.tagName === 'INPUT' || target.tagName === 'TEXTAREA' || target.isContentEditable)) return;
      // The scanner's Enter must not also press whatever button has focus.
      if (capture.handle(event) === 'scan') event.preventDefault();
    };
    window.addEventListener('keydown', onKey, true);
    return () => window.removeEventListener('keydown', onKey, true);
  }, [isEnabled]);
}
