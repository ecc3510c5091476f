import { useI18n } from '../i18n/i18n-context.js';
import { locales } from '../i18n/locales.js';

export function LocaleSwitcher() {
  const { locale, setLocale, t } = useI18n();
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
