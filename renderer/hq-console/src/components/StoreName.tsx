import { Fragment } from 'react';
import { useChain } from './chain-context.js';

/**
 * A store by its name, with its id as the tooltip (the id is what store IT, logs and support quote).
 * The name is the one HQ answered beside the id; failing that, the chain's store list; failing both,
 * the id itself (it is data, not text to translate).
 */
export function StoreName({ id, name }: { id: string | null | undefined; name?: string | null | undefined }) {
  const chain = useChain();
  if (!id) return <>—</>;
  return (
    <span className="data-text" title={id} data-store-id={id}>
      {chain.storeName(id, name)}
    </span>
  );
}

/** Several stores, each by name with its id as the tooltip; `names` is HQ's id → name map for them. */
export function StoreNames({ ids, names, separator = ', ' }: { ids: readonly string[]; names?: Record<string, string> | undefined; separator?: string }) {
  return (
    <>
      {ids.map((id, i) => (
        <Fragment key={id}>
          {i > 0 && separator}
          <StoreName id={id} name={names?.[id]} />
        </Fragment>
      ))}
    </>
  );
}
