import { locales, type Locale } from './locales.js';

/** The catalogue keys the switch reads: both the store's and the HQ console's catalogues have them. */
export type LocaleSwitchKey = 'locale.label' | `locale.name.${Locale}`;

/** What the switch needs of an app's i18n context (the store's `useI18n()`, the console's `useConsoleI18n()`). */
export interface LocaleSwitchI18n {
  locale: Locale;
  setLocale(locale: Locale): void;
  t(key: LocaleSwitchKey): string;
}

/**
 * The one language switch of the store screens and the HQ console: a chip per language, each named
 * in its own language (`lang` set so the right glyphs are used), the current one pressed.
 * Where the choice is kept (the store's settings, the console's browser storage) is the app's business.
 */
export function LocaleSwitch({ i18n }: { i18n: LocaleSwitchI18n }) {
  const { locale, setLocale, t } = i18n;
  return (
    <div className="locale-switcher" role="group" aria-label={t('locale.label')}>
      {locales.map((l) => (
        <button
          key={l}
          type="button"
          lang={l}
          className={l === locale ? 'chip chip-active' : 'chip'}
          aria-pressed={l === locale}
          data-testid={`locale-${l}`}
          onClick={() => setLocale(l)}
        >
          {t(`locale.name.${l}`)}
        </button>
      ))}
    </div>
  );
}
