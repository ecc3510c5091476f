import type { PageText } from '../../support/untranslated-text.js';

/** Runs in the page: every visible text node with its element's language and whether it is data. */
export function collectPageTexts(): PageText[] {
  const out: PageText[] = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const el = node.parentElement;
    if (!el || !node.textContent || node.textContent.trim() === '') continue;
    if (el.closest('script, style, noscript')) continue;
    const style = getComputedStyle(el);
    if (style.display === 'none' || style.visibility === 'hidden' || el.getClientRects().length === 0) continue;
    const testIds: string[] = [];
    for (let e: Element | null = el; e; e = e.parentElement) {
      const id = e.getAttribute('data-testid');
      if (id) testIds.unshift(id);
    }
    out.push({ text: node.textContent, lang: el.closest('[lang]')?.getAttribute('lang') ?? '', isData: el.closest('[translate="no"]') !== null, where: testIds.join(' > ') || el.tagName.toLowerCase() });
  }
  // Placeholders, titles and labels are read too.
  for (const el of document.querySelectorAll<HTMLElement>('[placeholder], [title], [aria-label]')) {
    for (const name of ['placeholder', 'title', 'aria-label']) {
      const value = el.getAttribute(name);
      if (value) out.push({ text: value, lang: el.closest('[lang]')?.getAttribute('lang') ?? '', isData: el.closest('[translate="no"]') !== null, where: `${el.getAttribute('data-testid') ?? el.tagName.toLowerCase()}@${name}` });
    }
  }
  return out;
}
