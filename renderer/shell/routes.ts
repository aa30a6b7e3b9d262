import { useEffect, useState } from 'react';

/** The sections, in the order of the clerks' and managers' day (the packing bench, added later, keeps the others' digits); the digit is the Alt shortcut. */
export const ROUTES = [
  { id: 'receive', key: '1' },
  { id: 'labels', key: '2' },
  { id: 'reconcile', key: '3' },
  { id: 'devices', key: '4' },
  { id: 'settings', key: '5' },
  { id: 'bench', key: '6' },
] as const;
export type RouteId = (typeof ROUTES)[number]['id'];

export function routeFromHash(hash: string): RouteId {
  const id = hash.replace(/^#\/?/, '');
  return ROUTES.find((r) => r.id === id)?.id ?? 'receive';
}

/** Hash routing: works the same under app:// in Electron and on the browser-mode host. */
export function useHashRoute(): RouteId {
  const [route, setRoute] = useState(() => routeFromHash(window.location.hash));
  useEffect(() => {
    const onChange = () => setRoute(routeFromHash(window.location.hash));
    window.addEventListener('hashchange', onChange);
    return () => window.removeEventListener('hashchange', onChange);
  }, []);
  return route;
}

export function goTo(route: RouteId) {
  window.location.hash = `#/${route}`;
}
