import { useState, type FormEvent } from 'react';
import type { ErrorInfo, ResultOf } from '../../../../electron/contract/index.js';
import { useCall, useInvoke } from '../../hooks/use-call.js';
import { useI18n } from '../../i18n/i18n-context.js';
import { ConfirmDialog, type ConfirmRequest } from '../ConfirmDialog.js';
import { ErrorNotice } from '../ErrorNotice.js';
import { FaceEnrolPanel } from './FaceEnrolPanel.js';
import { MemberActions } from './MemberActions.js';
import { DateField } from '../../../shared/DateField.js';

export type Member = ResultOf<'members.get'>;

/** One member's profile, consents and face enrolment, opened from the member list. */
export function MemberEditor({ member, onSaved }: { member: Member; onSaved(): void }) {
  const { t, locale } = useI18n();
  const invoke = useInvoke();
  const [name, setName] = useState(member.name ?? '');
  const [birthday, setBirthday] = useState(member.birthday ?? '');
  const [allergies, setAllergies] = useState(member.allergies);
  const [notes, setNotes] = useState(member.notes);
  const [error, setError] = useState<ErrorInfo | null>(null);
  const [isSaved, setSaved] = useState(false);
  const consents = useCall('consent.get', { memberId: member.memberId }, member.memberId);
  const [withdrawn, setWithdrawn] = useState<number | null>(null);
  const [confirm, setConfirm] = useState<ConfirmRequest | null>(null);

  const save = async (event: FormEvent) => {
    event.preventDefault();
    const envelope = await invoke('members.update', {
      opId: crypto.randomUUID(),
      memberId: member.memberId,
      changes: { name, birthday: birthday || null, allergies, notes },
    });
    if (!envelope.ok) return setError(envelope.error);
    setError(null);
    setSaved(true);
    onSaved();
  };
  const withdrawFace = async () => {
    const envelope = await invoke('consent.withdraw', { opId: crypto.randomUUID(), memberId: member.memberId, kind: 'face' });
    if (!envelope.ok) return setError(envelope.error);
    setWithdrawn(envelope.value.faceTemplatesDeleted);
    consents.reload();
  };

  return (
    <>
      <form className="panel" onSubmit={(e) => void save(e)} data-testid="member-editor">
        <h3>{t('members.edit.title', { name: member.name ?? member.memberCode })}</h3>
        <div className="grid-2">
          <div className="field">
            <label htmlFor="edit-name">{t('members.edit.name')}</label>
            <input id="edit-name" className="input" value={name} onChange={(e) => setName(e.target.value)} data-testid="edit-name" />
          </div>
          <div className="field">
            <label htmlFor="edit-birthday">{t('members.edit.birthday')}</label>
            <DateField id="edit-birthday" value={birthday} onChange={setBirthday} locale={locale} />
          </div>
          <div className="field">
            <label htmlFor="edit-allergies">{t('members.edit.allergies')}</label>
            <input id="edit-allergies" className="input" value={allergies} onChange={(e) => setAllergies(e.target.value)} />
          </div>
          <div className="field">
            <label htmlFor="edit-notes">{t('members.edit.notes')}</label>
            <input id="edit-notes" className="input" value={notes} onChange={(e) => setNotes(e.target.value)} />
          </div>
        </div>
        {error ? <ErrorNotice error={error} /> : null}
        {isSaved ? <p className="notice notice-ok">{t('members.edit.saved')}</p> : null}
        <button type="submit" className="button button-primary" data-testid="edit-save">
          {t('common.save')}
        </button>
        <h3>{t('members.consents')}</h3>
        {consents.state.status === 'ok' ? (
          <ul className="list" data-testid="member-consents">
            {consents.state.value.map((c) => (
              <li key={c.kind}>
                {t('members.consent.line', {
                  kind: t(`members.consent.kind.${c.kind}`),
                  state: c.granted ? t('members.consent.granted') : t('members.consent.withdrawn'),
                  version: c.textVersion ?? '—',
                })}
                {c.kind === 'face' && c.granted ? (
                  <button type="button" className="button button-link" 
                    onClick={() =>
                      setConfirm({
                        body: t('confirm.withdrawFace.body', { name: member.name ?? member.memberCode }),
                        confirmLabel: t('confirm.withdrawFace.ok'),
                        onConfirm: () => void withdrawFace(),
                      })
                    }
                    data-testid="withdraw-face"
                  >
                    {t('members.consent.withdrawFace')}
                  </button>
                ) : null}
              </li>
            ))}
          </ul>
        ) : null}
        {withdrawn !== null ? <p className="notice notice-ok">{t('members.consent.withdrawn.done', { count: withdrawn })}</p> : null}
        {consents.state.status === 'ok' ? (
          <FaceEnrolPanel memberId={member.memberId} hasConsent={consents.state.value.some((c) => c.kind === 'face' && c.granted)} onConsented={consents.reload} />
        ) : null}
        <ConfirmDialog request={confirm} onClose={() => setConfirm(null)} />
      </form>
      <MemberActions member={member} onChanged={onSaved} />
    </>
  );
}
