import { useSession, useStaff } from './api/session-context.js';
import { ChainProvider } from './components/chain-context.js';
import { Loading } from './components/Loading.js';
import { LocaleSwitch } from '../../shared/LocaleSwitch.js';
import { useConsoleI18n } from './i18n/console-i18n.js';
import { PAGE_TITLES, pageOf, pagesFor, type PageId } from './nav.js';
import { AuditPage } from './pages/audit/AuditPage.js';
import { CampaignsPage } from './pages/campaigns/CampaignsPage.js';
import { DashboardPage } from './pages/dashboard/DashboardPage.js';
import { ErasurePage } from './pages/erasure/ErasurePage.js';
import { ItemsPage } from './pages/items/ItemsPage.js';
import { MembersPage } from './pages/members/MembersPage.js';
import { RulesPage } from './pages/rules/RulesPage.js';
import { SetupPage } from './pages/SetupPage.js';
import { SignInPage } from './pages/SignInPage.js';
import { StaffPage } from './pages/staff/StaffPage.js';
import { StoresPage } from './pages/stores/StoresPage.js';
import { useConsolePath } from './routing.js';

function TopBar({ page, go }: { page: PageId | null; go(path: string): void }) {
  const i18n = useConsoleI18n();
  const { t } = i18n;
  const { staff, signOut } = useSession();
  return (
    <header className="top-bar console-top-bar">
      <strong className="store-name">{t('app.title')}</strong>
      {staff && (
        <nav className="nav" aria-label={t('nav.label')}>
          {pagesFor(staff.role).map((p) => (
            <a
              key={p}
              href={`/console/${p}`}
              className={p === page ? 'nav-link nav-active' : 'nav-link'}
              aria-current={p === page ? 'page' : undefined}
              data-testid={`nav-${p}`}
              onClick={(e) => {
                e.preventDefault();
                go(p);
              }}
            >
              {t(PAGE_TITLES[p])}
            </a>
          ))}
        </nav>
      )}
      <span className="console-spacer" />
      <LocaleSwitch i18n={i18n} />
      {staff && (
        <>
          <span className="muted signed-in-as" title={t('app.signedInAs', { name: staff.displayName, role: t(`role.${staff.role}`) })} data-testid="signed-in-as">
            {t('app.signedInAs', { name: staff.displayName, role: t(`role.${staff.role}`) })}
          </span>
          <button type="button" className="button" data-testid="sign-out" onClick={() => void signOut()}>
            {t('app.signOut')}
          </button>
        </>
      )}
    </header>
  );
}

function SignedIn({ path, go }: { path: string; go(path: string): void }) {
  const staff = useStaff();
  const { page, rest } = pageOf(path, staff.role);
  return (
    <ChainProvider>
      <TopBar page={page} go={go} />
      <main className="screen console-screen">
        {page === 'dashboard' && <DashboardPage />}
        {page === 'stores' && <StoresPage storeId={decodeURIComponent(rest)} open={(id) => go(`stores/${encodeURIComponent(id)}`)} />}
        {page === 'members' && <MembersPage memberId={decodeURIComponent(rest)} open={(id) => go(id ? `members/${encodeURIComponent(id)}` : 'members')} />}
        {page === 'rules' && <RulesPage />}
        {page === 'items' && <ItemsPage />}
        {page === 'campaigns' && <CampaignsPage />}
        {page === 'erasure' && <ErasurePage />}
        {page === 'staff' && <StaffPage />}
        {page === 'audit' && <AuditPage />}
      </main>
    </ChainProvider>
  );
}

/** Setup link first (it works signed out), then sign-in, then the pages the role may use. */
export function App() {
  const { staff } = useSession();
  const [path, go] = useConsolePath();
  let body;
  if (path === 'setup') {
    body = (
      <>
        <TopBar page={null} go={go} />
        <SetupPage onDone={() => go('')} />
      </>
    );
  } else if (staff === undefined) {
    body = <Loading />;
  } else if (staff === null) {
    body = (
      <>
        <TopBar page={null} go={go} />
        <SignInPage />
      </>
    );
  } else {
    body = <SignedIn path={path} go={go} />;
  }
  return <div className="app console-app">{body}</div>;
}
