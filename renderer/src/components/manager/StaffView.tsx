import { useState, type FormEvent } from 'react';
import type { ErrorInfo, ResultOf } from '../../../../electron/contract/index.js';
import { useCall, useInvoke } from '../../hooks/use-call.js';
import { useI18n } from '../../i18n/i18n-context.js';
import { ConfirmDialog, type ConfirmRequest } from '../ConfirmDialog.js';
import { ErrorNotice } from '../ErrorNotice.js';
import { Loading } from '../Loading.js';

type Staff = ResultOf<'staff.list'>[number];

export function StaffView() {
  const { t, date } = useI18n();
  const invoke = useInvoke();
  const list = useCall('staff.list', {});
  const [error, setError] = useState<ErrorInfo | null>(null);
  const [name, setName] = useState('');
  const [role, setRole] = useState<'cashier' | 'manager'>('cashier');
  const [pin, setPin] = useState('');
  const [confirm, setConfirm] = useState<ConfirmRequest | null>(null);
  const [resetting, setResetting] = useState<Staff | null>(null);
  const [resetDone, setResetDone] = useState<string | null>(null);

  const create = async (event: FormEvent) => {
    event.preventDefault();
    const envelope = await invoke('staff.create', { name, role, pin });
    if (!envelope.ok) return setError(envelope.error);
    setError(null);
    setName('');
    setPin('');
    list.reload();
  };
  const setActive = async (staffId: string, active: boolean) => {
    const envelope = await invoke('staff.update', { staffId, active });
    if (!envelope.ok) return setError(envelope.error);
    setError(null);
    list.reload();
  };
  // Deactivating locks a person out at once, so it is asked; re-activating is harmless and is not.
  const toggle = (s: Staff) => {
    if (!s.active) return void setActive(s.staffId, true);
    setConfirm({ body: t('confirm.deactivateStaff.body', { name: s.name }), confirmLabel: t('confirm.deactivateStaff.ok'), onConfirm: () => void setActive(s.staffId, false) });
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
              <tr key={s.staffId} data-testid={`staff-row-${s.name}`}>
                <td>
                  <span translate="no">{s.name}</span> <span className="muted">{date(s.createdAt)}</span>
                </td>
                <td>{t(`staff.role.${s.role}`)}</td>
                <td data-testid="staff-state">{s.active ? t('staff.active') : t('staff.inactive')}</td>
                <td>
                  <button type="button" className="button button-link" onClick={() => toggle(s)} data-testid="staff-toggle">
                    {s.active ? t('staff.deactivate') : t('staff.activate')}
                  </button>
                  <button
                    type="button"
                    className="button button-link"
                    onClick={() => {
                      setResetDone(null);
                      setResetting(s);
                    }}
                    data-testid="staff-pin-reset"
                  >
                    {t('staff.pinReset')}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      {resetting ? (
        <PinResetForm
          key={resetting.staffId}
          staff={resetting}
          onDone={() => {
            setResetDone(resetting.name);
            setResetting(null);
          }}
          onCancel={() => setResetting(null)}
        />
      ) : null}
      {resetDone ? (
        <p className="notice notice-ok" data-testid="staff-pin-reset-done">
          {t('staff.pinReset.done', { name: resetDone })}
        </p>
      ) : null}
      {error ? <ErrorNotice error={error} /> : null}
      <form className="panel" onSubmit={(e) => void create(e)} data-testid="staff-create">
        <h3>{t('staff.create.title')}</h3>
        <div className="row">
          <input className="input" value={name} onChange={(e) => setName(e.target.value)} placeholder={t('staff.create.name')} aria-label={t('staff.create.name')} data-testid="staff-create-name" />
          <select className="input" value={role} onChange={(e) => setRole(e.target.value === 'manager' ? 'manager' : 'cashier')} aria-label={t('staff.create.role')}>
            <option value="cashier">{t('staff.role.cashier')}</option>
            <option value="manager">{t('staff.role.manager')}</option>
          </select>
          <input className="input" type="password" inputMode="numeric" value={pin} onChange={(e) => setPin(digitsOnly(e.target.value))} placeholder={t('staff.create.pin')} aria-label={t('staff.create.pin')} data-testid="staff-create-pin" />
          <button type="submit" className="button button-primary" disabled={name.trim() === '' || pin.length < 4} data-testid="staff-create-submit">
            {t('staff.create.submit')}
          </button>
        </div>
      </form>
      <ConfirmDialog request={confirm} onClose={() => setConfirm(null)} />
    </section>
  );
}

const digitsOnly = (text: string) => text.replace(/\D/g, '').slice(0, 8);

/** A manager sets a new PIN for someone who forgot theirs (the old one stops working at once). */
function PinResetForm({ staff, onDone, onCancel }: { staff: Staff; onDone(): void; onCancel(): void }) {
  const { t } = useI18n();
  const invoke = useInvoke();
  const [pin, setPin] = useState('');
  const [error, setError] = useState<ErrorInfo | null>(null);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const envelope = await invoke('staff.update', { opId: crypto.randomUUID(), staffId: staff.staffId, pin });
    if (!envelope.ok) return setError(envelope.error);
    onDone();
  };
  return (
    <form className="panel" onSubmit={(e) => void submit(e)} data-testid="staff-pin-reset-form">
      <h3>{t('staff.pinReset.title', { name: staff.name })}</h3>
      <div className="row">
        <input
          className="input"
          type="password"
          inputMode="numeric"
          autoFocus
          value={pin}
          onChange={(e) => setPin(digitsOnly(e.target.value))}
          placeholder={t('staff.pinReset.new')}
          aria-label={t('staff.pinReset.new')}
          data-testid="staff-pin-reset-input"
        />
        <button type="submit" className="button button-primary" disabled={pin.length < 4} data-testid="staff-pin-reset-submit">
          {t('staff.pinReset.submit')}
        </button>
        <button type="button" className="button" onClick={onCancel}>
          {t('common.cancel')}
        </button>
      </div>
      {error ? <ErrorNotice error={error} /> : null}
    </form>
  );
}
