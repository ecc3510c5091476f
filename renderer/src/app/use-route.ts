import { useCallback, useEffect, useState } from 'react';
import { hrefFor, routeFromHash, type Route } from './routes.js';

export function useRoute(): [Route, (route: Route) => void] {
  const [route, setRoute] = useState<Route>(() => routeFromHash(window.location.hash));
  useEffect(() => {
    const onHash = () => setRoute(routeFromHash(window.location.hash));
    window.addEventListener('hashchange', onHash);
    return () => window.removeEventListener('hashchange', onHash);
  }, []);
  const navigate = useCallback((next: Route) => {
    window.location.hash = hrefFor(next);
  }, []);
  return [route, navigate];
}
