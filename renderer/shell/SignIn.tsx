import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useAppServices } from '../app-services';
import { pinErrorText, userByPin } from '../features/manager/pin-guard';

/** Before receiving: scan your badge (handled with the other scans) or type your PIN. */
export function SignIn({ hasUsers }: { hasUsers: boolean }) {
  const { t } = useTranslation();
  const { db, signIn } = useAppServices();
  const [pin, setPin] = useState('');
  const [error, setError] = useState<string | null>(null);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const typed = pin;
    setPin('');
    try {
      signIn(await userByPin(db, typed, 'any'));
    } catch (err) {
      setError(pinErrorText(t, err));
    }
  };
  if (!hasUsers)
    return (
      <p className="notice" data-testid="no-users">
        {t('signIn.noUsers')}
      </p>
    );
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
