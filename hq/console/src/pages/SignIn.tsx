import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { HqUser } from '../../../../shared/hq-api/people';
import { hq, problemOf } from '../api';

export function SignIn({ onSignedIn }: { onSignedIn(user: HqUser, csrf: string): void }) {
  const { t } = useTranslation();
  const [login, setLogin] = useState('');
  const [password, setPassword] = useState('');
  const [problem, setProblem] = useState<string>();
  const [busy, setBusy] = useState(false);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    try {
      const s = await hq.call('session', { body: { login: login.trim(), password } });
      onSignedIn(s.user, s.csrf);
    } catch (err) {
      setPassword('');
      setProblem(problemOf(t, err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <form className="card sign-in" onSubmit={(e) => void submit(e)} data-testid="sign-in">
      <h1>{t('signIn.heading')}</h1>
      <label>
        {t('signIn.login')}
        <input value={login} onChange={(e) => setLogin(e.target.value)} autoComplete="username" autoFocus required />
      </label>
      <label>
        {t('signIn.password')}
        <input type="password" value={password} onChange={(e) => setPassword(e.target.value)} autoComplete="current-password" required />
      </label>
      <button type="submit" className="primary" disabled={busy}>
        {t('signIn.submit')}
      </button>
      {problem && (
        <p className="error" role="alert">
          {problem}
        </p>
      )}
    </form>
  );
}
