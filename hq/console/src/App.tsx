import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { roleCan, type HqUser } from '../../../shared/hq-api/people';
import { hq, setCsrf } from './api';
import { setLanguage } from './i18n';
import { Fleet } from './pages/Fleet';
import { Overview } from './pages/Overview';
import { Queues } from './pages/Queues';
import { Returns } from './pages/Returns';
import { SignIn } from './pages/SignIn';

const PAGES = ['overview', 'returns', 'queues', 'fleet'] as const;
type Page = (typeof PAGES)[number];
const pageOf = (hash: string): Page => ((PAGES as readonly string[]).find((p) => hash.replace(/^#\/?/, '').split('/')[0] === p) as Page) ?? 'overview';

/** HQ's console: who is signed in, the sections their role opens, the language. */
export function App() {
  const { t, i18n } = useTranslation();
  const [user, setUser] = useState<HqUser | null | undefined>(undefined);
  const [page, setPage] = useState<Page>(pageOf(location.hash));

  useEffect(() => {
    hq.call('sessionGet')
      .then((s) => {
        setCsrf(s.csrf ?? '');
        setUser(s.user);
      })
      .catch(() => setUser(null));
    const onHash = () => setPage(pageOf(location.hash));
    window.addEventListener('hashchange', onHash);
    return () => window.removeEventListener('hashchange', onHash);
  }, []);
  useEffect(() => {
    document.title = `${t(`nav.${page}`)} · ${t('app.title')}`;
  }, [page, t]);

  const signedIn = useCallback((u: HqUser, csrf: string) => {
    setCsrf(csrf);
    setUser(u);
  }, []);
  const signOut = async () => {
    await hq.call('sessionEnd').catch(() => undefined);
    setCsrf('');
    setUser(null);
    // The next person starts at the overview, not on the last one's return.
    history.replaceState(null, '', '#/overview');
    setPage('overview');
  };
  const pages = PAGES.filter((p) => p !== 'fleet' || (user && roleCan(user.role, 'fleet')));

  return (
    <div className="shell">
      <header className="top">
        <strong className="brand">{t('app.title')}</strong>
        {user && (
          <nav aria-label={t('nav.label')}>
            {pages.map((p) => (
              <a key={p} href={`#/${p}`} aria-current={p === page ? 'page' : undefined} data-testid={`nav-${p}`}>
                {t(`nav.${p}`)}
              </a>
            ))}
          </nav>
        )}
        <span className="spacer" />
        {user && (
          <span className="who" data-testid="who">
            {t('signIn.as', { name: user.name, role: t(`roles.${user.role}`), scope: user.warehouseId ?? t('signIn.allWarehouses') })}
            <button type="button" onClick={() => void signOut()}>
              {t('signIn.signOut')}
            </button>
          </span>
        )}
        <span className="languages">
          <button type="button" aria-pressed={i18n.language === 'zh-CN'} onClick={() => void setLanguage('zh-CN')}>
            中文
          </button>
          <button type="button" aria-pressed={i18n.language === 'en'} onClick={() => void setLanguage('en')}>
            English
          </button>
        </span>
      </header>
      <main>
        {user === undefined ? (
          <p className="muted">…</p>
        ) : user === null ? (
          <SignIn onSignedIn={signedIn} />
        ) : page === 'overview' ? (
          <Overview user={user} />
        ) : page === 'returns' ? (
          <Returns />
        ) : page === 'queues' ? (
          <Queues user={user} />
        ) : (
          <Fleet user={user} />
        )}
      </main>
    </div>
  );
}
