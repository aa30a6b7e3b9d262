import { FormActions } from '../../shell/FormActions';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { StationUser } from '../../../shared/returns';
import { useAppServices } from '../../app-services';
import { errorMessage } from '../../errors';
import { managerByPin, pinErrorText } from './pin-guard';

/** A manager's decision on the spot: a reason and their PIN; a wrong PIN is said next to the PIN field. */
export function ManagerForm({
  testId,
  submitLabel,
  onConfirm,
  onCancel,
}: {
  testId: string;
  submitLabel: string;
  onConfirm(manager: StationUser, reason: string): Promise<unknown>;
  onCancel(): void;
}) {
  const { t } = useTranslation();
  const { db } = useAppServices();
  const [reason, setReason] = useState('');
  const [pin, setPin] = useState('');
  const [error, setError] = useState<string>();
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (reason.trim().length < 3) return setError(t('manager.reasonNeeded'));
    const typed = pin;
    setPin('');
    let manager: StationUser;
    try {
      manager = await managerByPin(db, typed);
    } catch (err) {
      return setError(pinErrorText(t, err));
    }
    try {
      await onConfirm(manager, reason.trim());
    } catch (err) {
      setError(errorMessage(t, err));
    }
  };
  return (
    <form className="form row" onSubmit={(e) => void submit(e)} data-testid={testId}>
      <label>
        {t('override.reason')}
        <input value={reason} onChange={(e) => setReason(e.target.value)} autoFocus autoComplete="off" />
      </label>
      <label>
        {t('override.managerPin')}
        <input type="password" inputMode="numeric" value={pin} onChange={(e) => setPin(e.target.value)} autoComplete="off" />
      </label>
      <FormActions submitLabel={submitLabel} onCancel={onCancel} error={error} />
    </form>
  );
}
