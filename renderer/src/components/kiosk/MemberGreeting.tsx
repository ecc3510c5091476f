import type { KioskMember } from '../../screens/Kiosk/kiosk-types.js';
import { useI18n } from '../../i18n/i18n-context.js';

export function MemberGreeting({ member }: { member: KioskMember }) {
  const { t, number } = useI18n();
  return (
    <div className="greeting" data-testid="kiosk-greeting" data-member-id={member.id}>
      <h1 data-testid="greeting-name">
        {member.isBirthdayMonth ? t('kiosk.greeting.birthday', { name: member.displayName }) : t('kiosk.greeting', { name: member.displayName })}
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
    </div>
  );
}
