import { useState, type FormEvent } from 'react';
import { HQ_ROLES, type HqRole, type NewStaffAnswer, type StaffRow } from '../../api/types.js';
import { useStaff } from '../../api/session-context.js';
import { useAction, useLoad } from '../../api/use-load.js';
import { ErrorNotice } from '../../components/ErrorNotice.js';
import { Loading } from '../../components/Loading.js';
import { ShownOnce } from '../../components/ShownOnce.js';
import { useConsoleI18n } from '../../i18n/console-i18n.js';
import { CAN } from '../../nav.js';

/** HQ staff accounts: roles, active or not, last sign-in; a chain admin adds staff (a one-time setup link) and changes roles. */
export function StaffPage() {
  const { t, dateTime } = useConsoleI18n();
  const me = useStaff();
  const canManage = CAN.manageStaff(me.role);
  const { data, error, loading, reload } = useLoad((c) => c.get<{ staff: StaffRow[] }>('/staff'), 'staff');
  const action = useAction();
  const [username, setUsername] = useState('');
  const [displayName, setDisplayName] = useState('');
  const [role, setRole] = useState<HqRole>('operations');
  const [setupLink, setSetupLink] = useState<string | null>(null);
  const add = async (event: FormEvent) => {
    event.preventDefault();
    const answer = await action.run((c) => c.post<NewStaffAnswer>('/staff', { username: username.trim(), displayName: displayName.trim(), role }));
    if (answer) {
      setSetupLink(answer.setupLink);
      setUsername('');
      setDisplayName('');
      reload();
    }
  };
  const patch = async (staffId: string, body: { role?: HqRole; active?: boolean }) => {
    if (await action.run((c) => c.patch(`/staff/${encodeURIComponent(staffId)}`, body))) reload();
  };
  return (
    <section data-testid="page-staff">
      <h1>{t('staff.title')}</h1>
      {setupLink && <ShownOnce label={t('staff.setupLink')} secret={setupLink} testId="setup-link" onClose={() => setSetupLink(null)} />}
      {canManage && (
        <form className="panel row console-form-row" onSubmit={(e) => void add(e)}>
          <label className="field">
            <span>{t('staff.username')}</span>
            <input className="input" value={username} onChange={(e) => setUsername(e.target.value)} required maxLength={40} autoComplete="off" data-testid="staff-username" />
          </label>
          <label className="field">
            <span>{t('staff.displayName')}</span>
            <input className="input" value={displayName} onChange={(e) => setDisplayName(e.target.value)} required maxLength={60} data-testid="staff-display-name" />
          </label>
          <label className="field">
            <span>{t('staff.role')}</span>
            <select className="input" value={role} onChange={(e) => setRole(e.target.value as HqRole)}>
              {HQ_ROLES.map((r) => (
                <option key={r} value={r}>
                  {t(`role.${r}`)}
                </option>
              ))}
            </select>
          </label>
          <button type="submit" className="button button-primary" disabled={action.pending} data-testid="staff-add">
            {t('staff.add')}
          </button>
        </form>
      )}
      <ErrorNotice error={action.error ?? error} onRetry={error ? reload : undefined} />
      {loading && !data && <Loading />}
      {data && (
        <div className="panel table-wrap">
          <table className="table" data-testid="staff-table">
            <thead>
              <tr>
                <th>{t('staff.col.username')}</th>
                <th>{t('staff.col.displayName')}</th>
                <th>{t('staff.col.role')}</th>
                <th>{t('staff.col.status')}</th>
                <th>{t('staff.col.lastSignIn')}</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {data.staff.map((s) => (
                <tr key={s.staffId} data-testid={`staff-${s.username}`}>
                  <td>{s.username}</td>
                  <td className="data-text">{s.displayName}</td>
                  <td>
                    {canManage ? (
                      <select className="input" aria-label={t('staff.role')} value={s.role} disabled={action.pending} onChange={(e) => void patch(s.staffId, { role: e.target.value as HqRole })}>
                        {HQ_ROLES.map((r) => (
                          <option key={r} value={r}>
                            {t(`role.${r}`)}
                          </option>
                        ))}
                      </select>
                    ) : (
                      t(`role.${s.role}`)
                    )}
                  </td>
                  <td>
                    <span className={s.active ? 'badge badge-ok' : 'badge'}>{s.active ? t('staff.active') : t('staff.inactive')}</span>
                  </td>
                  <td>{s.lastSignInAt ? dateTime(s.lastSignInAt) : t('common.never')}</td>
                  <td>
                    {canManage && s.staffId !== me.staffId && (
                      <button type="button" className="button" disabled={action.pending} onClick={() => void patch(s.staffId, { active: !s.active })}>
                        {s.active ? t('staff.deactivate') : t('staff.activate')}
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
