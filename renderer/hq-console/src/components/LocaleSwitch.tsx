import { locales } from '../../../src/i18n/locales.js';
import { useConsoleI18n } from '../i18n/console-i18n.js';

export function LocaleSwitch() {
  const { locale, setLocale, t } = useConsoleI18n();
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
