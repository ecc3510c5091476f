import { createContext, useContext, useMemo, type ReactNode } from 'react';
import { useLoad } from '../api/use-load.js';
import type { RulesAnswer, StoreRow } from '../api/types.js';
import { useConsoleI18n } from '../i18n/console-i18n.js';

/** Names for ids shown on many pages: stores (from /stores) and tiers (from the active rules). */
export interface ChainNames {
  stores: StoreRow[];
  storeName(storeId: string | null | undefined): string;
  tierName(tierId: string | null | undefined): string;
  tierIds: string[];
  reload(): void;
}

const ChainContext = createContext<ChainNames | null>(null);

export function ChainProvider({ children }: { children: ReactNode }) {
  const { locale } = useConsoleI18n();
  const stores = useLoad((c) => c.get<{ stores: StoreRow[] }>('/stores'), 'stores');
  const rules = useLoad((c) => c.get<RulesAnswer>('/rules'), 'rules');
  const value = useMemo<ChainNames>(() => {
    const storeList = stores.data?.stores ?? [];
    const tiers = rules.data?.active?.rules.tiers ?? [];
    return {
      stores: storeList,
      // Names missing (the endpoint not there yet, or a store without a name) show the id: it is data, not text.
      storeName: (id) => (id ? (storeList.find((s) => s.storeId === id)?.name ?? id) : '—'),
      tierName: (id) => (id ? (tiers.find((tier) => tier.id === id)?.name[locale] ?? id) : '—'),
      tierIds: tiers.map((tier) => tier.id),
      reload: () => {
        stores.reload();
        rules.reload();
      },
    };
  }, [stores, rules, locale]);
  return <ChainContext.Provider value={value}>{children}</ChainContext.Provider>;
}

export function useChain(): ChainNames {
  const chain = useContext(ChainContext);
  if (!chain) throw new Error('useChain outside <ChainProvider>');
  return chain;
}
