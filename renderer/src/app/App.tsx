import { ExitKioskDialog } from '../components/ExitKioskDialog.js';
import { LocaleSwitch } from '../../shared/LocaleSwitch.js';
import { StaffCorner } from './StaffCorner.js';
import { StatusBar } from '../components/StatusBar.js';
import { useNetworkHints } from '../hooks/use-network-hints.js';
import { useI18n } from '../i18n/i18n-context.js';
import { AboutScreen } from '../screens/About/AboutScreen.js';
import { KioskScreen } from '../screens/Kiosk/KioskScreen.js';
import { CashierScreen } from '../screens/Cashier/CashierScreen.js';
import { JoinScreen } from '../screens/Join/JoinScreen.js';
import { ManagerScreen } from '../screens/Manager/ManagerScreen.js';
import { hrefFor, routes, type Route } from './routes.js';
import { useRoute } from './use-route.js';

const navKey = { home: 'nav.about', kiosk: 'nav.kiosk', join: 'nav.join', cashier: 'nav.cashier', manager: 'nav.manager' } as const;

function Screen({ route, navigate }: { route: Route; navigate(route: Route): void }) {
  switch (route) {
    case 'join':
      return <JoinScreen onFinished={() => navigate('kiosk')} />;
    case 'manager':
      return <ManagerScreen />;
    case 'cashier':
      return <CashierScreen />;
    case 'kiosk':
      return <KioskScreen onJoin={() => navigate('join')} />;
    default:
      return <AboutScreen />;
  }
}

export function App() {
  const i18n = useI18n();
  const { t } = i18n;
  const [route, navigate] = useRoute();
  useNetworkHints();
  // ?mode=kiosk (the member-facing terminal): no staff navigation on screen; staff leave via the exit chord.
  const isKioskMode = new URLSearchParams(window.location.search).get('mode') === 'kiosk';
  return (
    <div className={`app app-${route}${isKioskMode ? ' app-kiosk-mode' : ''}`} data-route={route}>
      <header className="top-bar">
        <StatusBar />
        {isKioskMode ? null : (
          <nav className="nav" aria-label={t('app.title')}>
            {routes.map((r) => (
              <a key={r} href={hrefFor(r)} className={r === route ? 'nav-link nav-active' : 'nav-link'} data-testid={`nav-${r}`}>
                {t(navKey[r])}
              </a>
            ))}
          </nav>
        )}
        <LocaleSwitch i18n={i18n} />
      </header>
      <main className="screen" data-testid={`screen-${route}`}>
        <Screen route={route} navigate={navigate} />
      </main>
      {isKioskMode ? <StaffCorner route={route} navigate={navigate} /> : null}
      <ExitKioskDialog />
    </div>
  );
}
