import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { createKioskClient } from './api/kiosk-client.js';
import { App } from './app/App.js';
import { SystemInfoProvider } from './hooks/system-info-context.js';
import { ClientProvider } from './hooks/client-context.js';
import { I18nProvider } from './i18n/i18n-context.js';
import { StaffSessionProvider } from './components/staff/staff-session.js';
import './styles/app.css';
import './styles/manager.css';

const root = document.getElementById('root');
if (!root) throw new Error('#root missing from index.html');

createRoot(root).render(
  <StrictMode>
    <ClientProvider client={createKioskClient()}>
      <I18nProvider>
        <SystemInfoProvider>
          <StaffSessionProvider>
            <App />
          </StaffSessionProvider>
        </SystemInfoProvider>
      </I18nProvider>
    </ClientProvider>
  </StrictMode>,
);
