import { useSystemInfo } from '../../hooks/system-info-context.js';
import { ErrorNotice } from '../../components/ErrorNotice.js';
import { Loading } from '../../components/Loading.js';
import { useI18n } from '../../i18n/i18n-context.js';

/** The wiring proof of issue 2: one real contract call (system.getInfo) and its result. */
export function AboutScreen() {
  const { state, reload } = useSystemInfo();
  const { t, dateTime } = useI18n();
  if (state.status === 'loading' || state.status === 'idle') return <Loading testId="system-info-loading" />;
  if (state.status === 'error') return <ErrorNotice error={state.error} onRetry={reload} testId="system-info-error" />;
  const info = state.value;
  // Store names, ids, versions and zone names are data; the store language is named in its own script.
  const asData = { translate: 'no' } as const;
  const rows: Array<[string, string, string, Record<string, string>?]> = [
    ['system-store-name', t('about.store'), info.store.name, asData],
    ['system-store-id', t('about.storeId'), info.store.id, asData],
    ['system-app-version', t('about.appVersion'), `${info.appName} ${info.appVersion}`, asData],
    ['system-schema-version', t('about.schemaVersion'), String(info.schemaVersion)],
    ['system-transport', t('about.transport'), t(`about.transport.${info.transport}`)],
    ['system-locale', t('about.locale'), t(`locale.name.${info.locale}`), { lang: info.locale }],
    ['system-time-zone', t('about.timeZone'), info.store.timeZone, asData],
    ['system-started-at', t('about.startedAt'), dateTime(info.startedAt)],
    ['system-demo', t('about.demo'), info.isDemo ? t('about.yes') : t('about.no')],
    ['system-hq', t('about.hq'), info.hqConfigured ? t('about.yes') : t('status.hqStandalone')],
  ];
  return (
    <section className="panel" data-testid="system-info" data-transport={info.transport} data-schema-version={info.schemaVersion}>
      <h2>{t('about.title')}</h2>
      <dl className="facts">
        {rows.map(([id, label, value, attributes]) => (
          <div key={id} className="fact">
            <dt>{label}</dt>
            <dd data-testid={id} {...attributes}>
              {value}
            </dd>
          </div>
        ))}
      </dl>
    </section>
  );
}
