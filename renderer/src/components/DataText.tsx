import type { ReactNode } from 'react';

/**
 * A translated sentence that contains data (a member's or item's name as the store typed it):
 * the data parts are marked translate="no" so browsers' translators and our untranslated-string
 * test treat them as names, not as UI text in the wrong language.
 */
export function DataText({ text, data }: { text: string; data: readonly string[] }) {
  const values = [...new Set(data.filter((d) => d !== ''))].sort((a, b) => b.length - a.length);
  if (values.length === 0) return <>{text}</>;
  const escaped = values.map((v) => v.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  const parts = text.split(new RegExp(`(${escaped.join('|')})`, 'g'));
  const nodes: ReactNode[] = parts.map((part, i) =>
    values.includes(part) ? (
      <span key={i} translate="no">
        {part}
      </span>
    ) : (
      part
    ),
  );
  return <>{nodes}</>;
}
