import type { ResultOf } from '../../../../electron/contract/index.js';
import { doctorCheckTitle, doctorFinding } from '../../i18n/errors/domain-names.js';
import { doctorWording } from '../../i18n/errors/doctor-findings.js';
import { DataText } from '../DataText.js';
import { useI18n } from '../../i18n/i18n-context.js';

type Check = ResultOf<'ops.runDoctor'>['checks'][number];
const BADGE: Record<Check['status'], string> = { ok: 'badge badge-ok', warn: 'badge badge-warn', fail: 'badge badge-err', skip: 'badge' };

/**
 * One health check, titled and worded in the reader's language from the codes the doctor sends
 * (its English sentences are for the CLI and the support bundle); a check without a code gets its
 * outcome in words.
 */
export function DoctorCheckRow({ check }: { check: Check }) {
  const { t, locale } = useI18n();
  const worded = doctorWording(locale, check);
  const finding = worded ?? { ...doctorFinding(locale, check), data: [] };
  return (
    <tr data-testid={`doctor-check-${check.id}`} data-status={check.status}>
      <td>
        <span className={BADGE[check.status]}>{t(`devices.state.${check.status}`)}</span>
      </td>
      <td>{doctorCheckTitle(locale, check.id)}</td>
      <td>
        <DataText text={finding.summary} data={finding.data} />
        {finding.action ? (
          <div className="muted" data-testid="doctor-action">
            <DataText text={finding.action} data={finding.data} />
          </div>
        ) : null}
      </td>
    </tr>
  );
}
