import { useState } from 'react';
import type { Route } from './routes.js';
import { useI18n } from '../i18n/i18n-context.js';
import { StaffGate } from '../components/staff/StaffGate.js';

const STAFF_ROUTES = ['cashier', 'manager', 'home'] as const satisfies readonly Route[];
const NAV_KEYS = { cashier: 'nav.cashier', manager: 'nav.manager', home: 'nav.about' } as const;

/**
 * Kiosk mode shows members no staff navigation. Staff reach their screens through this corner
 * (a plain 72 px target in the top corner, labelled for screen readers) and a staff PIN, or by the
 * kiosk shell's staff chord (ExitKioskDialog).
 */
export function StaffCorner({ route, navigate }: { route: Route; navigate(route: Route): void }) {
  const { t } = useI18n();
  const [isOpen, setOpen] = useState(false);
  const go = (next: Route) => {
    setOpen(false);
    navigate(next);
  };
  return (
    <>
      <button type="button" className="staff-corner" aria-label={t('staffCorner.open')} onClick={() => setOpen(true)} data-testid="staff-corner" />
      {isOpen ? (
        <div className="overlay" role="dialog" aria-modal="true" aria-label={t('staffCorner.title')} data-testid="staff-corner-dialog">
          <div className="panel narrow">
            <h2>{t('staffCorner.title')}</h2>
            <StaffGate role="cashier">
              <div className="staff-corner-links">
                {STAFF_ROUTES.map((r) => (
                  <button key={r} type="button" className="button button-big" onClick={() => go(r)} data-testid={`staff-go-${r}`}>
                    {t(NAV_KEYS[r])}
                  </button>
                ))}
              </div>
            </StaffGate>
            <button type="button" className="button button-big" onClick={() => go(route === 'kiosk' || route === 'join' ? route : 'kiosk')} data-testid="staff-corner-close">
              {route === 'kiosk' || route === 'join' ? t('common.close') : t('staffCorner.back')}
            </button>
          </div>
        </div>
      ) : null}
    </>
  );
}
