import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { StationSettingsSchema } from '../../../shared/settings/schema';
import { errorMessage } from '../../errors';
import { useStation } from '../../station-context';

type StationFields = { id: string; name: string; warehouseId: string; timeZone: string };
type SaveState = { state: 'idle' } | { state: 'saving' } | { state: 'saved' } | { state: 'failed'; message: string };

const FIELDS = [
  { key: 'id', label: 'settings.stationId', hint: 'settings.stationIdHint', maxLength: 32 },
  { key: 'name', label: 'settings.stationName', hint: null, maxLength: 64 },
  { key: 'warehouseId', label: 'settings.warehouseId', hint: null, maxLength: 32 },
  { key: 'timeZone', label: 'settings.timeZone', hint: 'settings.timeZoneHint', maxLength: 64 },
] as const;

/** Checked with the same schema the service uses, so a mistake is shown at its field, in the clerk's language. */
export function StationForm() {
  const { t } = useTranslation();
  const { api, settingsState } = useStation();
  const [form, setForm] = useState<StationFields>({ timeZone: '', ...settingsState.settings.station });
  const [invalid, setInvalid] = useState<Set<string>>(new Set());
  const [save, setSave] = useState<SaveState>({ state: 'idle' });

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const candidate = { ...form, id: form.id.trim().toUpperCase(), timeZone: form.timeZone.trim() };
    const checked = StationSettingsSchema.safeParse(candidate);
    if (!checked.success) {
      setInvalid(new Set(checked.error.issues.map((issue) => String(issue.path[0]))));
      setSave({ state: 'failed', message: t('settings.fixFields') });
      return;
    }
    setInvalid(new Set());
    setSave({ state: 'saving' });
    try {
      const next = await api.settingsSet({ station: checked.data });
      setForm({ timeZone: '', ...next.settings.station });
      setSave({ state: 'saved' });
    } catch (err) {
      setSave({ state: 'failed', message: errorMessage(t, err) });
    }
  };

  return (
    <form className="form" onSubmit={(e) => void submit(e)} noValidate>
      {FIELDS.map((f) => {
        const isInvalid = invalid.has(f.key);
        const hintId = `station-${f.key}-hint`;
        const hint = f.hint ? t(f.hint) : null;
        return (
          <label key={f.key}>
            {t(f.label)}
            <input
              name={f.key}
              autoComplete="off"
              maxLength={f.maxLength}
              aria-invalid={isInvalid}
              aria-describedby={hint || isInvalid ? hintId : undefined}
              value={form[f.key]}
              onChange={(e) => {
                setForm({ ...form, [f.key]: e.target.value });
                setSave({ state: 'idle' });
              }}
            />
            {(hint || isInvalid) && (
              <small id={hintId} className={isInvalid ? 'error-text' : undefined}>
                {isInvalid ? t('settings.invalidField', { hint: hint ?? '' }) : hint}
              </small>
            )}
          </label>
        );
      })}
      <div className="form-actions">
        <button type="submit" className="primary" disabled={save.state === 'saving'}>
          {save.state === 'saving' ? t('settings.saving') : t('settings.save')}
        </button>
        <span role="status" className={save.state === 'failed' ? 'error-text' : 'ok-text'}>
          {save.state === 'saved' && t('settings.saved')}
          {save.state === 'failed' && t('settings.saveFailed', { message: save.message })}
        </span>
      </div>
    </form>
  );
}
