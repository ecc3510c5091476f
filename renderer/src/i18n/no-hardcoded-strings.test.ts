import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

/**
 * "No string hard-coded in a component": every piece of text people read must come from the
 * catalogue. This walks the TSX syntax tree of our screens and components and reports visible
 * text (JSX text, human-facing attributes, Han characters in any string) that is not a translation.
 */
const srcDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const HUMAN_ATTRIBUTES = new Set(['placeholder', 'title', 'alt', 'aria-label', 'label']);
const LETTER = /\p{L}/u;
const HAN = /\p{Script=Han}/u;

function tsxFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'api' || entry.name === 'devices' ? [] : tsxFiles(full);
    return entry.name.endsWith('.tsx') ? [full] : [];
  });
}

export function findHardCodedText(fileName: string, source: string): string[] {
  const file = ts.createSourceFile(fileName, source, ts.ScriptTarget.Latest, true, ts.ScriptKind.TSX);
  const found: string[] = [];
  const where = (node: ts.Node) => `${path.basename(fileName)}:${file.getLineAndCharacterOfPosition(node.getStart()).line + 1}`;
  const visit = (node: ts.Node) => {
    if (ts.isJsxText(node) && LETTER.test(node.text)) found.push(`${where(node)} text "${node.text.trim()}"`);
    if (ts.isJsxAttribute(node) && node.initializer && ts.isStringLiteral(node.initializer)) {
      const name = node.name.getText(file);
      if (HUMAN_ATTRIBUTES.has(name) && LETTER.test(node.initializer.text)) found.push(`${where(node)} ${name}="${node.initializer.text}"`);
    }
    if ((ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) && HAN.test(node.text)) found.push(`${where(node)} "${node.text}"`);
    ts.forEachChild(node, visit);
  };
  visit(file);
  return found;
}

describe('no hard-coded text in components', () => {
  it('the checker catches JSX text, human-facing attributes and Han strings', () => {
    const bad = `export const A = () => <div title="Hello"><p>Welcome</p>{'欢迎'}</div>;`;
    expect(findHardCodedText('a.tsx', bad)).toHaveLength(3);
    const good = `export const A = () => <div title={t('x')} data-testid="kiosk"><p>{t('y')}</p> · </div>;`;
    expect(findHardCodedText('a.tsx', good)).toEqual([]);
  });

  it('every screen and component takes its text from the catalogue', () => {
    const files = tsxFiles(srcDir);
    expect(files.length).toBeGreaterThan(5);
    const found = files.flatMap((f) => findHardCodedText(f, fs.readFileSync(f, 'utf8')));
    expect(found).toEqual([]);
  });

  it('every page and component of the HQ console takes its text from its catalogue', () => {
    const files = tsxFiles(path.resolve(srcDir, '../hq-console/src'));
    expect(files.length).toBeGreaterThan(10);
    const found = files.flatMap((f) => findHardCodedText(f, fs.readFileSync(f, 'utf8')));
    expect(found).toEqual([]);
  });

  it('the components both apps share (renderer/shared) take their text from a catalogue too', () => {
    const files = tsxFiles(path.resolve(srcDir, '../shared'));
    expect(files.length).toBeGreaterThanOrEqual(2);
    const found = files.flatMap((f) => findHardCodedText(f, fs.readFileSync(f, 'utf8')));
    expect(found).toEqual([]);
  });
});
