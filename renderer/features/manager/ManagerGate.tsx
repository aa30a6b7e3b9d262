import { useEffect, useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useAppServices } from '../../app-services';
import { scanBus } from '../../devices/scan-bus';
import { AuditChainBanner } from '../../shell/audit-check';
import { useManagerSession } from './manager-session';
import { managerByPin, pinErrorText, pinLockSecondsLeft } from './pin-guard';

/**
 * What only a manager may do sits behind this: the page shows a manager sign-in (PIN, or a manager's
 * badge scanned) until a manager session is open. On a station that knows no manager yet (first setup,
 * before HQ or an import brings one) it is open, and says so.
 */
export function ManagerGate({ area, children }: { area: string; children: ReactNode }) {
  const { t } = useTranslation();
  const { manager, hasManagers, end } = useManagerSession();
  if (hasManagers === undefined) return null;
  if (!hasManagers)
    return (
      <>
        <p className="banner warn" role="note" data-testid="no-manager-yet">
          {t('manager.noneYet')}
        </p>
        <AuditChainBanner />
        {children}
      </>
    );
  if (!manager) return <ManagerSignIn area={area} />;
  return (
    <>
      <p className="manager-bar" data-testid="manager-session">
        {t('manager.session', { name: manager.name, minutes: 5 })}{' '}
        <button type="button" onClick={() => end('button')}>
          {t('manager.signOut')}
        </button>
      </p>
      <AuditChainBanner />
      {children}
    </>
  );
}

function ManagerSignIn({ area }: { area: string }) {
  const { t } = useTranslation();
  const { db } = useAppServices();
  const { begin } = useManagerSession();
  const [pin, setPin] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [lockLeft, setLockLeft] = useState(() => pinLockSecondsLeft());
  useEffect(() => {
    if (lockLeft <= 0) return;
    const timer = setInterval(() => setLockLeft(pinLockSecondsLeft()), 1000);
    return () => clearInterval(timer);
  }, [lockLeft]);
  // A manager's badge scanned here opens the session; a clerk's badge is told it is not enough.
  useEffect(
    () =>
      scanBus.subscribe((s) => {
        void db.users
          .where('badge')
          .equals(s.data.trim())
          .first()
          .then((u) => (u?.role === 'manager' ? begin(u) : setError(t('manager.badgeNotManager'))));
      }),
    [db, begin, t],
  );
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const typed = pin;
    setPin('');
    try {
      begin(await managerByPin(db, typed));
    } catch (err) {
      setError(pinErrorText(t, err));
      setLockLeft(pinLockSecondsLeft());
    }
  };
  return (
    <section className="page" data-testid="manager-gate">
      <h1>{t(`nav.${area}`)}</h1>
      <form className="form sign-in" onSubmit={(e) => void submit(e)} data-testid="manager-sign-in">
        <p className="big-hint">{t('manager.signInHint')}</p>
        <label>
          {t('override.managerPin')}
          <input
            type="password"
            inputMode="numeric"
            autoComplete="off"
            autoFocus
            value={pin}
            disabled={lockLeft > 0}
            onChange={(e) => setPin(e.target.value)}
            data-testid="manager-pin"
          />
        </label>
        <button type="submit" className="primary" disabled={lockLeft > 0}>
          {t('manager.signIn')}
        </button>
        {lockLeft > 0 ? (
          <p className="error-text" role="alert" data-testid="pin-locked">
            {t('pin.locked', { seconds: lockLeft })}
          </p>
        ) : (
          error && (
            <p className="error-text" role="alert">
              {error}
            </p>
          )
        )}
      </form>
    </section>
  );
}
