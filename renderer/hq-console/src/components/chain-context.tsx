import { createContext, useContext, useMemo, type ReactNode } from 'react';
import { useLoad } from '../api/use-load.js';
import type { RulesAnswer, StoreRow } from '../api/types.js';
import { useConsoleI18n } from '../i18n/console-i18n.js';

/** Names for ids shown on many pages: stores (from /stores) and tiers (from the active rules). */
export interface ChainNames {
  stores: StoreRow[];
  /** `known`: the name HQ answered beside the id, preferred to the list (it is as of that answer). */
  storeName(storeId: string | null | undefined, known?: string | null): string;
  tierName(tierId: string | null | undefined): string;
  tierIds: string[];
  reload(): void;
}

const ChainContext = createContext<ChainNames | null>(null);

/**
 * A store's name for display: the one HQ answered beside the id, else the chain's store list's, else
 * the id itself (the endpoint not there yet, a store since removed: the id is data, not text); '—' for none.
 */
export function storeNameOf(stores: readonly Pick<StoreRow, 'storeId' | 'name'>[], storeId: string | null | undefined, known?: string | null): string {
  if (!storeId) return '—';
  return known ?? stores.find((s) => s.storeId === storeId)?.name ?? storeId;
}

export function ChainProvider({ children }: { children: ReactNode }) {
  const { locale } = useConsoleI18n();
  const stores = useLoad((c) => c.get<{ stores: StoreRow[] }>('/stores'), 'stores');
  const rules = useLoad((c) => c.get<RulesAnswer>('/rules'), 'rules');
  const value = useMemo<ChainNames>(() => {
    const storeList = stores.data?.stores ?? [];
    const tiers = rules.data?.active?.rules.tiers ?? [];
    return {
      stores: storeList,
      storeName: (id, known) => storeNameOf(storeList, id, known),
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
