export const routes = ['home', 'kiosk', 'join', 'cashier', 'manager'] as const;
export type Route = (typeof routes)[number];

/** Hash routing: works the same from Electron's app:// protocol and from the local HTTP host. */
export function routeFromHash(hash: string): Route {
  const name = hash.replace(/^#\/?/, '').split(/[/?]/)[0] ?? '';
  return (routes as readonly string[]).includes(name) ? (name as Route) : 'home';
}

export function hrefFor(route: Route): string {
  return route === 'home' ? '#/' : `#/${route}`;
}
