import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { ROUTES, goTo, type RouteId } from './routes';

/** Section navigation; Alt+1…6 jumps from anywhere without leaving the keyboard. */
export function NavBar({ current }: { current: RouteId }) {
  const { t } = useTranslation();
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (!e.altKey || e.ctrlKey || e.metaKey) return;
      const route = ROUTES.find((r) => e.code === `Digit${r.key}` || e.code === `Numpad${r.key}`);
      if (route) {
        e.preventDefault();
        goTo(route.id);
      }
    };
    window.addEventListener('keydown', onKey, true);
    return () => window.removeEventListener('keydown', onKey, true);
  }, []);
  return (
    <nav className="nav" aria-label={t('nav.label')}>
      <ul>
        {ROUTES.map((r) => (
          <li key={r.id}>
            <a href={`#/${r.id}`} aria-current={r.id === current ? 'page' : undefined} aria-keyshortcuts={`Alt+${r.key}`}>
              <span className="nav-name">{t(`nav.${r.id}`)}</span>
              <kbd>{t('nav.shortcut', { key: r.key })}</kbd>
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}
