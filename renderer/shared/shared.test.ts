import fs from 'node:fs';
import path from 'node:path';
import { createElement, isValidElement, type ReactElement, type ReactNode } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { catalogues } from '../src/i18n/catalogue.js';
import { consoleCatalogues } from '../hq-console/src/i18n/catalogue.js';
import { DATE_FIELD_TEXT, describeDate, parseDateInput } from './date-input.js';
import { DateField } from './DateField.js';
import { LocaleSwitch, type LocaleSwitchI18n, type LocaleSwitchKey } from './LocaleSwitch.js';
import { locales, type Locale } from './locales.js';

const rendererDir = path.resolve(import.meta.dirname, '..');

/** An i18n object as each app's context gives it, reading that app's catalogue. */
function i18nOf(texts: Record<Locale, Record<LocaleSwitchKey, string>>, locale: Locale, chosen: Locale[]): LocaleSwitchI18n {
  return { locale, setLocale: (l) => chosen.push(l), t: (key) => texts[locale][key] };
}

type ButtonProps = { lang: string; 'aria-pressed': boolean; 'data-testid': string; onClick(): void; children: ReactNode };
const buttonsOf = (tree: ReactElement<{ children: ReactNode }>) => (tree.props.children as Array<ReactElement<ButtonProps>>).filter(isValidElement);

describe('the one language switch (renderer/shared/LocaleSwitch.tsx)', () => {
  it('is the switch of both the store screens and the HQ console, and no copy of it is left', () => {
    const storeApp = fs.readFileSync(path.join(rendererDir, 'src/app/App.tsx'), 'utf8');
    const consoleApp = fs.readFileSync(path.join(rendererDir, 'hq-console/src/App.tsx'), 'utf8');
    expect(storeApp).toContain("from '../../shared/LocaleSwitch.js'");
    expect(consoleApp).toContain("from '../../shared/LocaleSwitch.js'");
    const copies = ['src', 'hq-console/src'].flatMap((dir) => fs.readdirSync(path.join(rendererDir, dir), { recursive: true, encoding: 'utf8' }).filter((f) => /LocaleSwitch/.test(f)));
    expect(copies).toEqual([]);
  });

  for (const [app, texts] of [['store', catalogues], ['HQ console', consoleCatalogues]] as const) {
    it(`offers every language named in its own language, marks the current one and reports a choice (${app})`, () => {
      const chosen: Locale[] = [];
      const tree = LocaleSwitch({ i18n: i18nOf(texts, 'zh-TW', chosen) }) as ReactElement<{ children: ReactNode; 'aria-label': string }>;
      expect(tree.props['aria-label']).toBe(texts['zh-TW']['locale.label']);
      const buttons = buttonsOf(tree);
      expect(buttons.map((b) => b.props.lang)).toEqual([...locales]);
      expect(buttons.map((b) => b.props.children)).toEqual(['简体中文', '繁體中文', 'English']);
      expect(buttons.map((b) => b.props['aria-pressed'])).toEqual([false, true, false]);
      expect(buttons.map((b) => b.props['data-testid'])).toEqual(['locale-zh-CN', 'locale-zh-TW', 'locale-en']);
      buttons[2]?.props.onClick();
      buttons[0]?.props.onClick();
      expect(chosen).toEqual(['en', 'zh-CN']);
    });
  }

  it('renders as chips, the pressed one active', () => {
    const html = renderToStaticMarkup(createElement(LocaleSwitch, { i18n: i18nOf(catalogues, 'en', []) }));
    expect(html).toContain('<button type="button" lang="en" class="chip chip-active" aria-pressed="true" data-testid="locale-en">English</button>');
    expect(html).toContain('role="group" aria-label="Language"');
  });
});

describe('dates typed as year-month-day (renderer/shared/date-input.ts, DateField.tsx)', () => {
  it('reads the ways people type a date, and refuses what is not one', () => {
    for (const typed of ['2026-12-01', '2026-12-1', '2026/12/1', '2026.12.01', '2026年12月1日', '20261201', ' 2026 - 12 - 1 ', '2026／12／01']) {
      expect(parseDateInput(typed), typed).toBe('2026-12-01');
    }
    expect(parseDateInput('2028-02-29')).toBe('2028-02-29');
    expect(parseDateInput('')).toBe('');
    expect(parseDateInput('   ')).toBe('');
    for (const bad of ['2026-02-29', '2026-13-01', '2026-00-10', '12/01/2026', '01/12/2026', '2026-12', 'tomorrow', '1899-12-31', '2026121']) {
      expect(parseDateInput(bad), bad).toBeNull();
    }
  });

  it('spells a date out in the language of the screen, with its weekday', () => {
    expect(describeDate('2026-12-01', 'zh-CN')).toMatch(/^2026年12月1日.*(周二|星期二)$/);
    expect(describeDate('2026-12-01', 'zh-TW')).toMatch(/^2026年12月1日.*(週二|星期二)$/);
    expect(describeDate('2026-12-01', 'en')).toMatch(/Tue.*Dec.*1.*2026/);
  });

  it('shows the hint in the current language and reads a set date back in it', () => {
    const empty = renderToStaticMarkup(createElement(DateField, { value: '', onChange: () => {}, locale: 'zh-TW', testId: 'd' }));
    expect(empty).toContain(`placeholder="${DATE_FIELD_TEXT['zh-TW'].placeholder}"`);
    expect(empty).toContain('type="text"');
    expect(empty).not.toContain('type="date"');
    expect(empty).not.toContain('d-reads');
    const set = renderToStaticMarkup(createElement(DateField, { value: '2026-12-01', onChange: () => {}, locale: 'en', testId: 'd' }));
    expect(set).toContain('value="2026-12-01"');
    expect(set).toContain('aria-invalid="false"');
    expect(set).toContain(`>${describeDate('2026-12-01', 'en')}</span>`);
  });

  it('has its words in the three languages, the Traditional ones in Traditional characters', () => {
    expect(Object.keys(DATE_FIELD_TEXT).sort()).toEqual([...locales].sort());
    expect(DATE_FIELD_TEXT['zh-TW'].invalid).not.toMatch(/[请输无]/);
    expect(DATE_FIELD_TEXT.en.invalid).not.toMatch(/\p{Script=Han}/u);
  });
});
