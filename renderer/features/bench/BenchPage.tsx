import { deviceName } from '../../i18n/device-name';
import { useTranslation } from 'react-i18next';
import { useAppServices } from '../../app-services';
import { flashText } from '../../shell/flash';
import { SignIn } from '../../shell/SignIn';
import { useLiveQuery } from 'dexie-react-hooks';
import { BenchLists } from './BenchLists';
import { ContainerCard } from './ContainerCard';
import { InHandCard } from './InHandCard';
import { useBench } from './use-bench';

/** The packing bench, keyboard and scanner only: scan a unit, then the container for its route; open, close and label containers. */
export function BenchPage() {
  const { t } = useTranslation();
  const b = useBench();
  const { db, signOut } = useAppServices();
  const hasUsers = (useLiveQuery(() => db.users.count(), [db]) ?? 0) > 0;
  return (
    <section className="page bench" data-testid="bench">
      <div className="section-head">
        <h1>{t('nav.bench')}</h1>
        <p className="muted" data-testid="bench-printer">
          {b.printer ? t('bench.printer', { name: deviceName(t, b.printer, 'printer') }) : t('bench.noPrinter')}
        </p>
        {b.user && (
          <p data-testid="signed-in">
            {t('signIn.as', { name: b.user.name, role: t(`signIn.roles.${b.user.role}`) })}{' '}
            <button type="button" onClick={signOut}>
              {t('signIn.signOut')}
            </button>
          </p>
        )}
      </div>
      {b.flash && (
        <p className={`flash flash-${b.flash.kind}`} role={b.flash.kind === 'error' ? 'alert' : 'status'} data-testid="bench-flash">
          {flashText(t, b.flash)}
        </p>
      )}
      {!b.user ? (
        <SignIn hasUsers={hasUsers} />
      ) : (
        <>
          <ul className="choices bench-keys" data-testid="bench-keys">
            {(['N', 'C', 'S', 'R', 'X', 'O'] as const).map((k) => (
              <li key={k}>
                <kbd>{k}</kbd> {t(`bench.keys.${k}`)}
              </li>
            ))}
            <li>
              <kbd>Esc</kbd> {t('bench.keys.Esc')}
            </li>
          </ul>
          <div className="bench-work">
            <InHandCard b={b} />
            <ContainerCard b={b} />
            <BenchLists b={b} />
          </div>
        </>
      )}
    </section>
  );
}
