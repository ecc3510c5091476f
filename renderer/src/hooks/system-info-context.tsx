import { createContext, useContext, useEffect, type ReactNode } from 'react';
import type { ResultOf } from '../../../electron/contract/index.js';
import { useCall, type CallState } from './use-call.js';
import { useI18n } from '../i18n/i18n-context.js';

export type SystemInfo = ResultOf<'system.getInfo'>;

interface SystemInfoValue {
  state: CallState<SystemInfo>;
  reload(): void;
}

const SystemInfoContext = createContext<SystemInfoValue | null>(null);

/** Loads system.getInfo once for the whole app and applies the store's locale and time zone. */
export function SystemInfoProvider({ children }: { children: ReactNode }) {
  const { state, reload } = useCall('system.getInfo', {});
  const { setLocale, setTimeZone } = useI18n();
  useEffect(() => {
    if (state.status !== 'ok') return;
    setTimeZone(state.value.store.timeZone);
    // An explicit ?lang= choice (staff or tests) outranks the store default.
    if (!new URLSearchParams(window.location.search).has('lang')) setLocale(state.value.locale);
  }, [state, setLocale, setTimeZone]);
  return <SystemInfoContext.Provider value={{ state, reload }}>{children}</SystemInfoContext.Provider>;
}

export function useSystemInfo(): SystemInfoValue {
  const value = useContext(SystemInfoContext);
  if (!value) throw new Error('useSystemInfo outside <SystemInfoProvider>');
  return value;
}
