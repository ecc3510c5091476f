import { useEffect, useState, type FormEvent } from 'react';
import type { ArgsOf, ErrorInfo, ResultOf } from '../../../../electron/contract/index.js';
import { useCall, useInvoke } from '../../hooks/use-call.js';
import { useI18n } from '../../i18n/i18n-context.js';
import { ErrorNotice } from '../ErrorNotice.js';
import { MemberEditor, type Member } from './MemberEditor.js';

type BrowseArgs = ArgsOf<'members.browse'>;
type Visited = NonNullable<BrowseArgs['visited']>;
type Face = 'any' | 'yes' | 'no';
const VISITED: Visited[] = ['any', 'within7', 'within30', 'over30', 'over90', 'never'];
const FACE: Face[] = ['any', 'yes', 'no'];
const PAGE_SIZE = 20;

/** Every active member, filtered by tier, last visit, face data and search text, a page at a time. */
export function MembersView() {
  const { t, number, date, locale } = useI18n();
  const invoke = useInvoke();
  const rules = useCall('loyalty.getRules', {});
  const tiers = rules.state.status === 'ok' ? rules.state.value.rules.tiers : [];
  const tierName = (id: string) => tiers.find((tier) => tier.id === id)?.name[locale] ?? id;
  const [query, setQuery] = useState('');
  const [tier, setTier] = useState('');
  const [visited, setVisited] = useState<Visited>('any');
  const [face, setFace] = useState<Face>('any');
  const [page, setPage] = useState(0);
  const [result, setResult] = useState<ResultOf<'members.browse'> | null>(null);
  const [error, setError] = useState<ErrorInfo | null>(null);
  const [editing, setEditing] = useState<Member | null>(null);

  const load = async (toPage: number) => {
    const args: BrowseArgs = { visited, page: toPage, pageSize: PAGE_SIZE };
    if (tier !== '') args.tier = tier;
    if (face !== 'any') args.hasFace = face === 'yes';
    if (query.trim() !== '') args.query = query.trim();
    const envelope = await invoke('members.browse', args);
    if (!envelope.ok) return setError(envelope.error);
    setError(null);
    setPage(toPage);
    setResult(envelope.value);
  };
  // A changed select filter applies at once; the search text applies on Enter or the button.
  useEffect(() => {
    void load(0);
  }, [tier, visited, face]);
  const search = (event: FormEvent) => {
    event.preventDefault();
    // The old page disappears at once, so nobody (or no test) acts on a row the search replaces.
    setResult(null);
    void load(0);
  };
  const pages = result ? Math.max(1, Math.ceil(result.total / result.pageSize)) : 1;

  return (
    <section className={editing ? 'members-split' : undefined} data-testid="manager-members">
      <div className="members-list">
        <form className="filters" onSubmit={search} data-testid="members-filters">
          <div className="field">
            <label htmlFor="members-query">{t('members.search.placeholder')}</label>
            <input id="members-query" className="input lookup-input" value={query} onChange={(e) => setQuery(e.target.value)} data-testid="members-query" />
          </div>
          <div className="field">
            <label htmlFor="members-tier">{t('members.filter.tier')}</label>
            <select id="members-tier" className="input" value={tier} onChange={(e) => setTier(e.target.value)} data-testid="members-filter-tier">
              <option value="">{t('members.filter.all')}</option>
              {tiers.map((tr) => (
                <option key={tr.id} value={tr.id}>
                  {tr.name[locale]}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="members-visited">{t('members.filter.visited')}</label>
            <select id="members-visited" className="input" value={visited} onChange={(e) => setVisited(VISITED.find((v) => v === e.target.value) ?? 'any')} data-testid="members-filter-visited">
              {VISITED.map((v) => (
                <option key={v} value={v}>
                  {t(`members.filter.visited.${v}`)}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="members-face">{t('members.filter.face')}</label>
            <select id="members-face" className="input" value={face} onChange={(e) => setFace(FACE.find((v) => v === e.target.value) ?? 'any')} data-testid="members-filter-face">
              {FACE.map((v) => (
                <option key={v} value={v}>
                  {t(`members.filter.face.${v}`)}
                </option>
              ))}
            </select>
          </div>
          <button type="submit" className="button button-primary" data-testid="members-search">
            {t('common.search')}
          </button>
        </form>
        {error ? <ErrorNotice error={error} /> : null}
        {result ? (
          <p className="muted" data-testid="members-total">
            {t('members.total', { count: number(result.total) })}
          </p>
        ) : null}
        {result && result.members.length === 0 ? <p className="muted">{t('members.none')}</p> : null}
        {result && result.members.length > 0 ? (
          <table className="table" data-testid="members-results">
            <thead>
              <tr>
                <th>{t('members.col.name')}</th>
                <th>{t('members.col.phone')}</th>
                <th>{t('members.col.tier')}</th>
                <th>{t('members.col.points')}</th>
                <th>{t('members.col.lastVisit')}</th>
                <th>{t('members.col.face')}</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {result.members.map((m) => (
                <tr key={m.memberId} data-testid={`member-row-${m.name ?? m.memberCode}`}>
                  <td translate="no">{m.name ?? '—'}</td>
                  <td translate="no">{m.maskedPhone ?? '—'}</td>
                  <td>{tierName(m.tier)}</td>
                  <td>{number(m.pointsBalance)}</td>
                  <td>{m.lastVisitAt ? date(m.lastVisitAt) : t('members.neverVisited')}</td>
                  <td>{m.hasFace ? t('members.face.yes') : t('members.face.no')}</td>
                  <td>
                    <button type="button" className="button button-link" onClick={() => setEditing(m)} data-testid={`member-edit-${m.memberId}`}>
                      {t('members.edit')}
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : null}
        {result && pages > 1 ? (
          <div className="pager" data-testid="members-pager">
            <button type="button" className="button" disabled={page === 0} onClick={() => void load(page - 1)} data-testid="members-prev">
              {t('members.page.prev')}
            </button>
            <span data-testid="members-page">{t('members.page.of', { page: page + 1, pages })}</span>
            <button type="button" className="button" disabled={page + 1 >= pages} onClick={() => void load(page + 1)} data-testid="members-next">
              {t('members.page.next')}
            </button>
          </div>
        ) : null}
      </div>
      {editing ? (
        <div className="members-detail">
          <MemberEditor key={editing.memberId} member={editing} onSaved={() => void load(page)} />
        </div>
      ) : null}
    </section>
  );
}
