import type { KioskMember } from './kiosk-types.js';
import { useI18n } from '../../i18n/i18n-context.js';
import { greetingSuggestions } from '../../i18n/habit-suggestions.js';
import { DataText } from '../DataText.js';

export function MemberGreeting({ member }: { member: KioskMember }) {
  const { t, number, locale } = useI18n();
  // At most two habits, worded from their fields in the current language (zh-TW included).
  const suggestions = greetingSuggestions(member.suggestions, locale);
  // Item and member names are the store's data, written as the store typed them.
  const itemNames = member.suggestions.flatMap((s) => ('name' in s ? [s.name] : []));
  return (
    <div className="greeting" data-testid="kiosk-greeting" data-member-id={member.id}>
      <h1 data-testid="greeting-name">
        <DataText
          text={
            member.showBirthdayGreeting
              ? t('kiosk.greeting.birthday', { name: member.displayName })
              : member.isFirstVisit
                ? t('kiosk.greeting.first', { name: member.displayName })
                : t('kiosk.greeting', { name: member.displayName })
          }
          data={[member.displayName]}
        />
      </h1>
      <div className="row">
        <span className="tier-badge" data-testid="greeting-tier">
          {t('kiosk.tier', { tier: member.tierName })}
        </span>
        <span className="points" data-testid="greeting-points">
          {t('kiosk.points')} <strong>{number(member.points)}</strong>
        </span>
      </div>
      {member.isBirthdayMonth ? <p className="notice notice-ok">{t('kiosk.birthday')}</p> : null}
      <h3>{t('kiosk.benefits.title')}</h3>
      {member.benefits.length > 0 ? (
        <ul className="benefits" data-testid="greeting-benefits">
          {member.benefits.map((b) => (
            <li key={b}>{b}</li>
          ))}
        </ul>
      ) : (
        <p className="muted">{t('kiosk.benefits.none')}</p>
      )}
      {suggestions.length > 0 ? (
        <>
          <h3>{t('kiosk.suggestions.title')}</h3>
          <ul className="suggestions" data-testid="greeting-suggestions">
            {suggestions.map((text) => (
              <li key={text}>
                <DataText text={text} data={itemNames} />
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </div>
  );
}
