/**
 * The subset of ICU MessageFormat our catalogues use: `{name}` placeholders and
 * `{name, plural, =0 {…} one {# item} other {# items}}`, chosen with the locale's Intl.PluralRules
 * (English needs "1 attempt" vs "2 attempts"; Chinese has only `other`). Kept small rather than
 * pulling intl-messageformat into the renderer bundle: selectors and `#` are all we need.
 */
export type MessageParams = Record<string, string | number>;

interface PluralPart {
  kind: 'plural';
  name: string;
  options: Map<string, string>;
}
type Part = { kind: 'text'; text: string } | { kind: 'arg'; name: string } | PluralPart;

/** Index of the `}` that closes the `{` at `open`, or -1. */
function closingBrace(text: string, open: number): number {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    if (text[i] === '{') depth++;
    else if (text[i] === '}' && --depth === 0) return i;
  }
  return -1;
}

function parsePluralOptions(body: string): Map<string, string> | null {
  const options = new Map<string, string>();
  let i = 0;
  while (i < body.length) {
    const selector = /^\s*(=\d+|[a-z]+)\s*\{/.exec(body.slice(i));
    if (!selector?.[1]) return body.slice(i).trim() === '' ? options : null;
    const open = i + selector[0].length - 1;
    const close = closingBrace(body, open);
    if (close < 0) return null;
    options.set(selector[1], body.slice(open + 1, close));
    i = close + 1;
  }
  return options.has('other') ? options : null;
}

export function parseMessage(text: string): Part[] {
  const parts: Part[] = [];
  let i = 0;
  while (i < text.length) {
    const open = text.indexOf('{', i);
    if (open < 0) break;
    const close = closingBrace(text, open);
    if (close < 0) break;
    const inner = text.slice(open + 1, close);
    const simple = /^(\w+)$/.exec(inner);
    const plural = /^\s*(\w+)\s*,\s*plural\s*,/.exec(inner);
    const options = plural ? parsePluralOptions(inner.slice(plural[0].length)) : null;
    if (!simple && !(plural?.[1] && options)) {
      parts.push({ kind: 'text', text: text.slice(i, close + 1) });
      i = close + 1;
      continue;
    }
    if (open > i) parts.push({ kind: 'text', text: text.slice(i, open) });
    parts.push(simple?.[1] ? { kind: 'arg', name: simple[1] } : { kind: 'plural', name: plural?.[1] ?? '', options: options ?? new Map() });
    i = close + 1;
  }
  if (i < text.length) parts.push({ kind: 'text', text: text.slice(i) });
  return parts;
}

/** The argument names a message uses (plain and plural), sorted and distinct: catalogues must agree on them. */
export function argumentsOf(text: string): string[] {
  const names = new Set<string>();
  const visit = (parts: Part[]) => {
    for (const part of parts) {
      if (part.kind === 'arg') names.add(part.name);
      if (part.kind === 'plural') {
        names.add(part.name);
        for (const option of part.options.values()) visit(parseMessage(option));
      }
    }
  };
  visit(parseMessage(text));
  return [...names].sort();
}

/** Fills a message; a missing parameter stays visible as `{name}` rather than vanishing. */
export function formatMessage(locale: string, text: string, params: MessageParams = {}): string {
  return parseMessage(text)
    .map((part) => {
      if (part.kind === 'text') return part.text;
      const value = params[part.name];
      if (part.kind === 'arg') return value === undefined ? `{${part.name}}` : String(value);
      if (typeof value !== 'number') return `{${part.name}}`;
      const chosen = part.options.get(`=${value}`) ?? part.options.get(new Intl.PluralRules(locale).select(value)) ?? part.options.get('other') ?? '';
      const number = new Intl.NumberFormat(locale).format(value);
      return formatMessage(locale, chosen.replace(/#/g, number), params);
    })
    .join('');
}
