import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../errors';
import { LanguageSwitch } from '../../shell/LanguageSwitch';
import { useStation } from '../../station-context';

type SaveState = { state: 'idle' } | { state: 'saving' } | { state: 'saved' } | { state: 'failed'; message: string };

export function SettingsPage() {
  const { t } = useTranslation();
  const { api, appInfo, settingsState } = useStation();
  const station = settingsState.settings.station;
  const [form, setForm] = useState(station);
  const [save, setSave] = useState<SaveState>({ state: 'idle' });

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setSave({ state: 'saving' });
    try {
      const next = await api.settingsSet({ station: { ...form, id: form.id.trim().toUpperCase() } });
      setForm(next.settings.station);
      setSave({ state: 'saved' });
    } catch (err) {
      setSave({ state: 'failed', message: errorMessage(t, err) });
    }
  };
  const field = (key: keyof typeof form) => ({
    value: form[key],
    onChange: (e: { target: { value: string } }) => {
      setForm({ ...form, [key]: e.target.value });
      setSave({ state: 'idle' });
    },
  });

  return (
    <section className="page">
      <h1>{t('settings.heading')}</h1>

      <h2>{t('language.label')}</h2>
      <LanguageSwitch />

      <h2>{t('settings.station')}</h2>
      <form className="form" onSubmit={(e) => void submit(e)}>
        <label>
          {t('settings.stationId')}
          <input name="stationId" required autoComplete="off" aria-describedby="station-id-hint" {...field('id')} />
          <small id="station-id-hint">{t('settings.stationIdHint')}</small>
        </label>
        <label>
          {t('settings.stationName')}
          <input name="stationName" maxLength={64} autoComplete="off" {...field('name')} />
        </label>
        <label>
          {t('settings.warehouseId')}
          <input name="warehouseId" maxLength={32} autoComplete="off" {...field('warehouseId')} />
        </label>
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

      <h2>{t('settings.files')}</h2>
      <dl className="facts">
        <dt>{t('settings.settingsFile')}</dt>
        <dd className="mono">{settingsState.path}</dd>
        <dt>{t('settings.logFile')}</dt>
        <dd className="mono">{appInfo.logFile}</dd>
      </dl>
      <p className="muted">
        {t('settings.version', { version: appInfo.version, mode: t(appInfo.mode === 'electron' ? 'status.modeElectron' : 'status.modeBrowser') })}
      </p>
    </section>
  );
}
