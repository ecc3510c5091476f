import type { ResultOf } from '../../../../electron/contract/index.js';
import { doctorCheckTitle, doctorFinding } from '../../i18n/errors/domain-names.js';
import { useI18n } from '../../i18n/i18n-context.js';

type Check = ResultOf<'ops.runDoctor'>['checks'][number];
const BADGE: Record<Check['status'], string> = { ok: 'badge badge-ok', warn: 'badge badge-warn', fail: 'badge badge-err', skip: 'badge' };

/** One health check, titled and worded in the reader's language (the doctor itself speaks English). */
export function DoctorCheckRow({ check }: { check: Check }) {
  const { t, locale } = useI18n();
  const finding = doctorFinding(locale, check);
  return (
    <tr data-testid={`doctor-check-${check.id}`} data-status={check.status}>
      <td>
        <span className={BADGE[check.status]}>{t(`devices.state.${check.status}`)}</span>
      </td>
      <td>{doctorCheckTitle(locale, check.id)}</td>
      <td>
        {finding.summary}
        {finding.action ? <div className="muted">{finding.action}</div> : null}
      </td>
    </tr>
  );
}
