import type { ResultOf } from '../../../../electron/contract/index.js';
import { useI18n } from '../../i18n/i18n-context.js';
import { formatSuggestion } from '../../i18n/habit-suggestions.js';
import { formatScore } from '../../i18n/format.js';
import { DataText } from '../DataText.js';
import { couponLineText } from './coupon-text.js';
import { confidenceLevel } from '../../counter/confidence-level.js';

export type MemberCardData = ResultOf<'members.getCard'>;
export type IdentifiedVia = 'face' | 'phone' | 'qr' | 'staff';

interface MemberCardProps {
  card: MemberCardData;
  via: IdentifiedVia;
  /** The face match's similarity (cosine, 0..1), when the member was recognised by face; shown so a doubtful match is questioned. */
  confidence: number | null;
  /** The store's current identification threshold (face.getStatus), against which the words are chosen. */
  confidenceThreshold?: number | undefined;
  tierNames: Record<string, string>;
  /** The item's name in the screen's language from the catalogue (purchases record the store's language). */
  itemName?: ((sku: string, recorded: string) => string) | undefined;
  onNotThisMember(): void;
}

/** Everything the cashier needs about the member in front of them, the sensitive parts (allergies) first. */
export function MemberCard({ card, via, confidence, confidenceThreshold, tierNames, itemName = (_sku, recorded) => recorded, onNotThisMember }: MemberCardProps) {
  const { t, money, number, date, localDate, locale } = useI18n();
  const m = card.member;
  const itemNames = card.suggestions.flatMap((s) => ('name' in s ? [s.name] : []));
  const suggestions = card.suggestions.map((s) => formatSuggestion(s, locale, 'staff')).filter((text): text is string => text !== null);
  const nextTierName = card.progress.nextTier ? (tierNames[card.progress.nextTier] ?? card.progress.nextTier) : null;
  return (
    <section className="panel member-card" data-testid="member-card" data-member-id={m.memberId}>
      <div className="row member-card-head">
        <h2 data-testid="card-name" translate="no">{m.name ?? '—'}</h2>
        <span className="tier-badge" data-testid="card-tier">
          {tierNames[m.tier] ?? m.tierName}
        </span>
        {card.isBirthdayMonth ? <span className="badge badge-ok" data-testid="card-birthday">{t('cashier.card.birthday')}</span> : null}
        {card.checkedInToday ? <span className="badge">{t('cashier.card.checkedInToday')}</span> : null}
      </div>
      <p className="muted" data-testid="card-via">
        {t(`cashier.card.via.${via}`)}
        {confidence !== null ? (
          <span
            className={`confidence confidence-${confidenceLevel(confidence, confidenceThreshold)}`}
            title={t('counter.confidence.score', { score: formatScore(confidence, locale) })}
            data-testid="card-confidence"
            data-confidence={confidence}
            data-level={confidenceLevel(confidence, confidenceThreshold)}
          >
            {` · ${t(`counter.confidence.${confidenceLevel(confidence, confidenceThreshold)}`)}`}
          </span>
        ) : null}
      </p>
      {m.allergies ? (
        <p className="notice notice-warn" data-testid="card-allergies">
          <strong>{t('cashier.card.allergies')}</strong> <span translate="no">{m.allergies}</span>
        </p>
      ) : null}
      <dl className="facts">
        <div className="fact">
          <dt>{t('cashier.card.phone')}</dt>
          <dd data-testid="card-phone">{m.maskedPhone ?? '—'}</dd>
        </div>
        <div className="fact">
          <dt>{t('cashier.card.points')}</dt>
          <dd data-testid="card-points">
            {number(m.pointsBalance)} <span className="muted">{t('cashier.card.pointsValue', { amount: money(card.pointsValueFen) })}</span>
          </dd>
        </div>
        <div className="fact">
          <dt>{t('cashier.card.tier')}</dt>
          <dd data-testid="card-progress">
            {nextTierName && card.progress.spendToNextFen !== null
              ? t('cashier.card.progress', { tier: nextTierName, amount: money(card.progress.spendToNextFen) })
              : nextTierName
                ? nextTierName
                : t('cashier.card.topTier')}
            {nextTierName && card.progress.visitsToNext !== null ? ` ${t('cashier.card.progressVisits', { visits: card.progress.visitsToNext })}` : null}
          </dd>
        </div>
        {card.streakDays > 1 ? (
          <div className="fact">
            <dt>{t('cashier.card.benefits')}</dt>
            <dd>{t('cashier.card.streak', { days: card.streakDays })}</dd>
          </div>
        ) : null}
      </dl>
      {card.benefitsToday.length > 0 ? (
        <p data-testid="card-benefits">
          <strong>{t('cashier.card.benefits')}</strong> {card.benefitsToday.map((b) => b.name[locale]).join(' · ')}
        </p>
      ) : null}
      {card.coupons.length > 0 ? (
        <div data-testid="card-coupons">
          <h3>{t('cashier.card.coupons')}</h3>
          <ul className="list">
            {card.coupons.map((c) => (
              <li key={c.couponId} data-testid={`card-coupon-${c.couponId}`} data-usable={c.isUsableNow}>
                <DataText text={couponLineText(c, { t, money, date })} data={[c.title]} />
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      {m.notes ? (
        <p data-testid="card-notes">
          <strong>{t('cashier.card.notes')}</strong> <span translate="no">{m.notes}</span>
        </p>
      ) : null}
      <div className="grid-2">
        <div>
          <h3>{t('cashier.card.recentVisits')}</h3>
          {card.recentVisits.length > 0 ? (
            <ul className="list" data-testid="card-visits">
              {card.recentVisits.map((v) => (
                <li key={v}>{/^\d{4}-\d{2}-\d{2}$/.test(v) ? localDate(v) : date(v)}</li>
              ))}
            </ul>
          ) : (
            <p className="muted">{t('common.none')}</p>
          )}
        </div>
        <div>
          <h3>{t('cashier.card.favourites')}</h3>
          {card.favouriteItems.length > 0 ? (
            <ul className="list" data-testid="card-favourites">
              {card.favouriteItems.map((f) => (
                <li key={f.sku}>
                  <DataText text={t('cashier.card.favouriteLine', { name: itemName(f.sku, f.name), qty: f.qty })} data={[itemName(f.sku, f.name)]} />
                </li>
              ))}
            </ul>
          ) : (
            <p className="muted">{t('common.none')}</p>
          )}
        </div>
      </div>
      {suggestions.length > 0 ? (
        <div data-testid="card-suggestions">
          <h3>{t('cashier.card.suggestions')}</h3>
          <ul className="list">
            {suggestions.map((text) => (
              <li key={text}>
                <DataText text={text} data={itemNames} />
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      <button type="button" className="button" onClick={onNotThisMember} data-testid="not-this-member">
        {t('cashier.notThisMember')}
      </button>
    </section>
  );
}
