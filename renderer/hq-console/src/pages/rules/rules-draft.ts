// The console's own draft helpers: its number boxes and the chain's calendar day. The tier and benefit
// edits are shared with the store's rules tab: renderer/shared/rules-draft.ts.
/** A number input's text → an integer, or null for an empty box (a threshold that is not used). */
export function intOrNull(text: string): number | null {
  if (text.trim() === '') return null;
  const n = Number(text);
  return Number.isFinite(n) ? Math.trunc(n) : null;
}

/** A chain calendar date (YYYY-MM-DD, Asia/Shanghai) → the ISO instant the version starts at. */
export function startOfChainDay(ymd: string): string {
  return new Date(`${ymd}T00:00:00+08:00`).toISOString();
}
