import { FormActions } from '../../shell/FormActions';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';

/** A gift given back under a recycling programme: what it is, in a few words; the photo just taken goes with it. */
export function RecycleForm({ onRecord, onCancel }: { onRecord(description: string): Promise<void>; onCancel(): void }) {
  const { t } = useTranslation();
  const [what, setWhat] = useState('');
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (what.trim().length >= 2) void onRecord(what.trim());
  };
  return (
    <form className="form row" onSubmit={submit} data-testid="recycle">
      <label>
        {t('recycling.what')}
        <input value={what} onChange={(e) => setWhat(e.target.value)} autoFocus autoComplete="off" maxLength={200} />
      </label>
      <FormActions submitLabel={t('recycling.record')} onCancel={onCancel} />
    </form>
  );
}
