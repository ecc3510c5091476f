import { useState } from 'react';
import type { ErrorInfo } from '../../../../electron/contract/index.js';
import { useCall, useInvoke } from '../../hooks/use-call.js';
import { useI18n } from '../../i18n/i18n-context.js';
import { ErrorNotice } from '../ErrorNotice.js';
import { Loading } from '../Loading.js';

/** The member's name (or member code), as the manager knows them; the id only while it loads or if the member is gone. */
function MemberName({ memberId }: { memberId: string }) {
  const member = useCall('members.get', { memberId }, memberId);
  return <>{member.state.status === 'ok' ? (member.state.value.name ?? member.state.value.memberCode) : memberId}</>;
}

/**
 * Issue 16, kept small (the manager pages belong to their own owners): members whose face templates
 * are all from a superseded model (re-enrol them), and "not me" evidence with a clear button.
 * Member ids, counts and dates only — never a face.
 */
export function FaceReviewPanel() {
  const { t, dateTime } = useI18n();
  const invoke = useInvoke();
  const stale = useCall('face.listStaleTemplateMembers', {});
  const rejections = useCall('face.listRejections', {});
  const [notice, setNotice] = useState<string | null>(null);
  const [error, setError] = useState<ErrorInfo | null>(null);

  const clear = async (memberId: string) => {
    const envelope = await invoke('face.clearRejections', { memberId });
    if (!envelope.ok) return setError(envelope.error);
    setNotice(t('faceReview.rejections.cleared', { count: envelope.value.cleared }));
    rejections.reload();
  };

  return (
    <section className="panel" data-testid="face-review">
      <h3>{t('faceReview.title')}</h3>
      <h4>{t('faceReview.stale.title')}</h4>
      {stale.state.status === 'loading' ? <Loading /> : null}
      {stale.state.status === 'error' ? <ErrorNotice error={stale.state.error} /> : null}
      {stale.state.status === 'ok' && stale.state.value.length === 0 ? <p className="muted">{t('faceReview.stale.none')}</p> : null}
      {stale.state.status === 'ok' && stale.state.value.length > 0 ? (
        <table className="table" data-testid="face-review-stale">
          <thead>
            <tr>
              <th>{t('faceReview.stale.member')}</th>
              <th>{t('faceReview.stale.templates')}</th>
              <th>{t('faceReview.stale.models')}</th>
            </tr>
          </thead>
          <tbody>
            {stale.state.value.map((m) => (
              <tr key={m.memberId}>
                <td>
                  <MemberName memberId={m.memberId} />
                </td>
                <td>{m.templates}</td>
                <td>{m.modelVersions.join(', ')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      <h4>{t('faceReview.rejections.title')}</h4>
      <p className="muted">{t('faceReview.rejections.body')}</p>
      {rejections.state.status === 'loading' ? <Loading /> : null}
      {rejections.state.status === 'error' ? <ErrorNotice error={rejections.state.error} /> : null}
      {rejections.state.status === 'ok' && rejections.state.value.length === 0 ? <p className="muted">{t('faceReview.rejections.none')}</p> : null}
      {rejections.state.status === 'ok' && rejections.state.value.length > 0 ? (
        <table className="table" data-testid="face-review-rejections">
          <thead>
            <tr>
              <th>{t('faceReview.stale.member')}</th>
              <th>{t('faceReview.rejections.count')}</th>
              <th>{t('faceReview.rejections.newest')}</th>
              <th>{t('faceReview.rejections.expires')}</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {rejections.state.value.map((r) => (
              <tr key={r.memberId} data-member-id={r.memberId}>
                <td>
                  <MemberName memberId={r.memberId} />
                </td>
                <td>{r.count}</td>
                <td>{dateTime(r.newestAt)}</td>
                <td>{dateTime(r.expiresAt)}</td>
                <td>
                  <button type="button" className="button" onClick={() => void clear(r.memberId)} data-testid="face-review-clear">
                    {t('faceReview.rejections.clear')}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      {notice ? <p className="notice notice-ok">{notice}</p> : null}
      {error ? <ErrorNotice error={error} /> : null}
    </section>
  );
}
