import { useCallback, useEffect, useState } from 'react';

/** The console lives under /console/; HQ answers every such path with index.html (SPA fallback). */
const BASE = '/console/';

function currentPath(): string {
  const path = globalThis.location.pathname;
  return path.startsWith(BASE) ? path.slice(BASE.length).replace(/\/$/, '') : '';
}

/** The path below /console/ (e.g. "members/m_1") and a way to move to another without a page load. */
export function useConsolePath(): [string, (path: string) => void] {
  const [path, setPath] = useState(currentPath);
  useEffect(() => {
    const onPop = () => setPath(currentPath());
    globalThis.addEventListener('popstate', onPop);
    return () => globalThis.removeEventListener('popstate', onPop);
  }, []);
  const navigate = useCallback((next: string) => {
    globalThis.history.pushState(null, '', `${BASE}${next}${globalThis.location.search}`);
    setPath(next);
  }, []);
  return [path, navigate];
}
