import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { verifyPin } from '../../../shared/returns';
import { useAppServices } from '../../app-services';

/** Before receiving: scan your badge (handled with the other scans) or type your PIN. */
export function SignIn({ hasUsers }: { hasUsers: boolean }) {
  const { t } = useTranslation();
  const { db, signIn } = useAppServices();
  const [pin, setPin] = useState('');
  const [error, setError] = useState<string | null>(null);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const users = await db.users.toArray();
    const user = users.find((u) => u.pin && verifyPin(pin, u.pin));
    setPin('');
    if (user) signIn(user);
    else setError(t('signIn.wrongPin'));
  };
  if (!hasUsers) return <p className="notice" data-testid="no-users">{t('signIn.noUsers')}</p>;
  return (
    <form className="form sign-in" onSubmit={(e) => void submit(e)} data-testid="sign-in">
      <p className="big-hint">{t('signIn.hint')}</p>
      <label>
        {t('signIn.pin')}
        <input type="password" inputMode="numeric" autoComplete="off" autoFocus value={pin} onChange={(e) => setPin(e.target.value)} />
      </label>
      {error && (
        <p className="error-text" role="alert">
          {error}
        </p>
      )}
    </form>
  );
}
