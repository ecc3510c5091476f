import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { ConsoleClient } from './api/console-client.js';
import { SessionProvider } from './api/session-context.js';
import { App } from './App.js';
import { ConsoleI18nProvider } from './i18n/console-i18n.js';
import './styles/console.css';

const root = document.getElementById('root');
if (!root) throw new Error('#root missing from index.html');

createRoot(root).render(
  <StrictMode>
    <ConsoleI18nProvider>
      <SessionProvider client={new ConsoleClient()}>
        <App />
      </SessionProvider>
    </ConsoleI18nProvider>
  </StrictMode>,
);
