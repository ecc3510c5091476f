import { useState, type FormEvent } from 'react';
import type { ErrorInfo } from '../../../../electron/contract/index.js';
import { useCall, useInvoke } from '../../hooks/use-call.js';
import { useI18n } from '../../i18n/i18n-context.js';
import { ErrorNotice } from '../ErrorNotice.js';
import { Loading } from '../Loading.js';

export function StaffView() {
  const { t, date } = useI18n();
  const invoke = useInvoke();
  const list = useCall('staff.list', {});
  const [error, setError] = useState<ErrorInfo | null>(null);
  const [name, setName] = useState('');
  const [role, setRole] = useState<'cashier' | 'manager'>('cashier');
  const [pin, setPin] = useState('');

  const create = async (event: FormEvent) => {
    event.preventDefault();
    const envelope = await invoke('staff.create', { name, role, pin });
    if (!envelope.ok) return setError(envelope.error);
    setError(null);
    setName('');
    setPin('');
    list.reload();
  };
  const toggle = async (staffId: string, active: boolean) => {
    const envelope = await invoke('staff.update', { staffId, active });
    if (!envelope.ok) return setError(envelope.error);
    list.reload();
  };

  return (
    <section data-testid="manager-staff">
      <h3>{t('staff.list.title')}</h3>
      {list.state.status === 'loading' ? <Loading /> : null}
      {list.state.status === 'error' ? <ErrorNotice error={list.state.error} onRetry={list.reload} /> : null}
      {list.state.status === 'ok' ? (
        <table className="table" data-testid="staff-list">
          <thead>
            <tr>
              <th>{t('staff.col.name')}</th>
              <th>{t('staff.col.role')}</th>
              <th>{t('staff.col.active')}</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {list.state.value.map((s) => (
              <tr key={s.staffId}>
                <td>
                  <span translate="no">{s.name}</span> <span className="muted">{date(s.createdAt)}</span>
                </td>
                <td>{t(`staff.role.${s.role}`)}</td>
                <td>{s.active ? t('staff.active') : t('staff.inactive')}</td>
                <td>
                  <button type="button" className="button button-link" onClick={() => void toggle(s.staffId, !s.active)}>
                    {s.active ? t('staff.deactivate') : t('staff.activate')}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      <form className="panel" onSubmit={(e) => void create(e)} data-testid="staff-create">
        <h3>{t('staff.create.title')}</h3>
        <div className="row">
          <input className="input" value={name} onChange={(e) => setName(e.target.value)} placeholder={t('staff.create.name')} aria-label={t('staff.create.name')} />
          <select className="input" value={role} onChange={(e) => setRole(e.target.value === 'manager' ? 'manager' : 'cashier')} aria-label={t('staff.create.role')}>
            <option value="cashier">{t('staff.role.cashier')}</option>
            <option value="manager">{t('staff.role.manager')}</option>
          </select>
          <input className="input" type="password" inputMode="numeric" value={pin} onChange={(e) => setPin(e.target.value.replace(/\D/g, '').slice(0, 8))} placeholder={t('staff.create.pin')} aria-label={t('staff.create.pin')} />
          <button type="submit" className="button button-primary" disabled={name.trim() === '' || pin.length < 4}>
            {t('staff.create.submit')}
          </button>
        </div>
        {error ? <ErrorNotice error={error} /> : null}
      </form>
    </section>
  );
}
