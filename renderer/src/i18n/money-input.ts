/**
 * Parses what a cashier types as yuan ("12", "12.5", "12.34", "¥1,234.50") into integer fen,
 * by string arithmetic so no float ever touches the amount. Null for anything else.
 */
export function parseYuanToFen(input: string): number | null {
  const text = input.trim().replace(/^[¥￥]/, '').replace(/,/g, '');
  const match = /^(\d{1,9})(?:\.(\d{1,2}))?$/.exec(text);
  if (!match) return null;
  const yuan = Number(match[1]);
  const fen = Number((match[2] ?? '').padEnd(2, '0'));
  return yuan * 100 + fen;
}
