import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { DispositionCode } from '../../../shared/returns';
import { DispositionSelect } from './DispositionSelect';

/** Decide otherwise than the rules: a disposition, the reason, and a manager's PIN. */
export function OverridePanel({ initial, onSubmit, onCancel }: { initial: DispositionCode; onSubmit(input: { disposition: DispositionCode; reason: string; pin: string }): void; onCancel(): void }) {
  const { t } = useTranslation();
  const [disposition, setDisposition] = useState<DispositionCode>(initial);
  const [reason, setReason] = useState('');
  const [pin, setPin] = useState('');
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (reason.trim().length < 3 || !pin) return;
    onSubmit({ disposition, reason: reason.trim(), pin });
    setPin('');
  };
  return (
    <form className="form override" onSubmit={submit} data-testid="override">
      <h3>{t('override.heading')}</h3>
      <DispositionSelect value={disposition} onChange={setDisposition} />
      <label>
        {t('override.reason')}
        <input value={reason} onChange={(e) => setReason(e.target.value)} autoFocus autoComplete="off" required minLength={3} />
      </label>
      <label>
        {t('override.managerPin')}
        <input type="password" inputMode="numeric" value={pin} onChange={(e) => setPin(e.target.value)} autoComplete="off" required />
      </label>
      <div className="form-actions">
        <button type="submit" className="primary">
          {t('override.submit')}
        </button>
        <button type="button" onClick={onCancel}>
          {t('override.cancel')}
        </button>
      </div>
    </form>
  );
}
