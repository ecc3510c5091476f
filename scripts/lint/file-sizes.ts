/**
 * The 400-line rule: a source file longer than that usually does several jobs and should be split
 * along its seams. A file that is long for a good reason says so near its top, in a comment like
 * `// over-400-lines: <why>`, so the reason is read by whoever opens it next.
 */

export const MAX_LINES = 400;
const CHECKED = /\.(ts|tsx|mjs|cjs|sh|css)$/;
/** Translation catalogues are long lists of strings by nature. */
const EXEMPT = /^renderer\/(src|hq-console\/src)\/i18n\/messages\//;
/** The reason must be within the first lines and say something (not just "yes"). */
const REASON = /over-400-lines:\s*(\S.{15,})/;
const REASON_WITHIN_LINES = 15;

export interface SourceFile {
  path: string;
  text: string;
}

export interface OversizedFile {
  path: string;
  lines: number;
}

export function isSizeChecked(path: string): boolean {
  return CHECKED.test(path) && !EXEMPT.test(path);
}

export function countLines(text: string): number {
  if (text.length === 0) return 0;
  const newlines = text.split('\n').length - 1;
  return text.endsWith('\n') ? newlines : newlines + 1;
}

export function statedReason(text: string): string | null {
  const head = text.split('\n', REASON_WITHIN_LINES).join('\n');
  return REASON.exec(head)?.[1]?.trim() ?? null;
}

export function findOversizedFiles(files: readonly SourceFile[]): OversizedFile[] {
  return files
    .filter((f) => isSizeChecked(f.path))
    .map((f) => ({ path: f.path, lines: countLines(f.text), reason: statedReason(f.text) }))
    .filter((f) => f.lines > MAX_LINES && f.reason === null)
    .map(({ path, lines }) => ({ path, lines }))
    .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

export function describeOversizedFile(file: OversizedFile): string {
  return `file-size: ${file.path} has ${file.lines} lines (limit ${MAX_LINES}); split it along its seams, or say why near its top: // over-400-lines: <reason>`;
}
