import type { ResultOf } from '../../../../../electron/contract/index.js';
import { presetName } from '../../../i18n/errors/domain-names.js';
import { useI18n } from '../../../i18n/i18n-context.js';

type Editor = ResultOf<'loyalty.getRulesEditor'>;
type Origin = Editor['inForce'];

/** "Preset (Restaurant)", "Store version 2", "HQ version 3": which rules, in the reader's language. */
export function useOriginText(): (o: Origin) => string {
  const { t, locale } = useI18n();
  return (o) =>
    o.source === 'preset'
      ? t('rulesEdit.origin.preset', { preset: presetName(locale, o.preset) })
      : o.source === 'custom'
        ? t('rulesEdit.origin.custom')
        : t(`rulesEdit.origin.${o.source}`, { version: o.version ?? 0 });
}

/** This store's own versions, newest first: when each starts, who made it, what it replaced. */
export function LocalVersions({ versions }: { versions: Editor['localVersions'] }) {
  const { t, dateTime } = useI18n();
  const originText = useOriginText();
  if (versions.length === 0) return null;
  return (
    <section data-testid="rules-local-versions">
      <h4>{t('rulesEdit.versions')}</h4>
      <table className="table">
        <thead>
          <tr>
            <th>{t('rulesEdit.versions.col.version')}</th>
            <th>{t('rulesEdit.versions.col.startsAt')}</th>
            <th>{t('rulesEdit.versions.col.by')}</th>
            <th>{t('rulesEdit.versions.col.from')}</th>
            <th>{t('rulesEdit.versions.col.status')}</th>
          </tr>
        </thead>
        <tbody>
          {versions.map((v) => (
            <tr key={v.version} data-testid={`rules-local-version-${v.version}`} data-status={v.status}>
              <td>{t('rulesEdit.origin.local', { version: v.version })}</td>
              <td>{dateTime(v.startsAt)}</td>
              <td translate="no">{v.createdByName ?? '—'}</td>
              <td>{originText(v.basedOn)}</td>
              <td>{t(`rulesEdit.versions.status.${v.status}`)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
