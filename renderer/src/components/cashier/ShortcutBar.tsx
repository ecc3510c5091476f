import { useI18n } from '../../i18n/i18n-context.js';

/** The console's keys, always on screen: a cashier learns them by seeing them. */
export function ShortcutBar() {
  const { t } = useI18n();
  const keys = [
    ['F2', t('counter.shortcut.lookup')],
    ['F4', t('counter.shortcut.next')],
    ['F8', t('counter.shortcut.checkout')],
    ['Esc', t('counter.shortcut.cancel')],
  ] as const;
  return (
    <p className="shortcut-bar muted" data-testid="shortcut-bar">
      {keys.map(([key, label]) => (
        <span key={key} className="shortcut">
          <kbd>{key}</kbd> {label}
        </span>
      ))}
      <span className="shortcut">{t('counter.shortcut.scan')}</span>
    </p>
  );
}
