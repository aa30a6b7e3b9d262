import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { UpdateStatus } from '../../../shared/ipc/contract';
import { AppSettingsSchema } from '../../../shared/settings/schema';
import { errorMessage } from '../../errors';
import { useStation } from '../../station-context';

/** The dock PC: where updates come from, full screen (kiosk), start when the PC's user logs in. */
export function DockPcSection() {
  const { t, i18n } = useTranslation();
  const { api, appInfo, settingsState } = useStation();
  const [form, setForm] = useState(settingsState.settings.app);
  const [status, setStatus] = useState<UpdateStatus | null>(null);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  // biome-ignore lint/correctness/useExhaustiveDependencies: saved settings (an update URL) change what the updater says
  useEffect(() => void api.updateStatus().then(setStatus, () => undefined), [api, settingsState]);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const checked = AppSettingsSchema.safeParse({ ...form, updateUrl: form.updateUrl.trim() });
    if (!checked.success)
      return setMessage({ ok: false, text: t(checked.error.issues.some((i) => i.path[0] === 'updateUrl') ? 'dockPc.badUrl' : 'dockPc.badRetention') });
    try {
      const next = await api.settingsSet({ app: checked.data });
      setForm(next.settings.app);
      setMessage({ ok: true, text: t('settings.saved') });
    } catch (err) {
      setMessage({ ok: false, text: errorMessage(t, err) });
    }
  };

  return (
    <form className="form" onSubmit={(e) => void submit(e)} noValidate data-testid="dock-pc">
      {appInfo.mode !== 'electron' && <p className="muted">{t('dockPc.desktopOnly')}</p>}
      <label>
        {t('dockPc.updateUrl')}
        <input
          name="updateUrl"
          autoComplete="off"
          placeholder="https://hq.example.com/updates"
          value={form.updateUrl}
          onChange={(e) => setForm({ ...form, updateUrl: e.target.value })}
        />
        <small>{t('dockPc.updateHint')}</small>
      </label>
      <label className="check">
        <input type="checkbox" checked={form.kiosk} onChange={(e) => setForm({ ...form, kiosk: e.target.checked })} /> {t('dockPc.kiosk')}
      </label>
      <label className="check">
        <input type="checkbox" checked={form.startOnLogin} onChange={(e) => setForm({ ...form, startOnLogin: e.target.checked })} /> {t('dockPc.startOnLogin')}
      </label>
      <label>
        {t('dockPc.photoRetention')}
        <input
          name="photoRetentionDays"
          type="number"
          min={1}
          max={3650}
          value={form.photoRetentionDays}
          onChange={(e) => setForm({ ...form, photoRetentionDays: Number(e.target.value) })}
        />
        <small>{t('dockPc.photoRetentionHint')}</small>
      </label>
      <div className="form-actions">
        <button type="submit" className="primary">
          {t('settings.save')}
        </button>
        {message && (
          <span role="status" className={message.ok ? 'ok-text' : 'error-text'}>
            {message.text}
          </span>
        )}
      </div>
      {status && (
        <p className="muted" data-testid="update-status">
          {t(`dockPc.update.${status.supported ? status.phase : 'unsupported'}`, {
            version: status.version ?? '',
            error: status.error ?? '',
            when: status.lastCheckAt ? new Date(status.lastCheckAt).toLocaleString(i18n.language) : '',
          })}
        </p>
      )}
    </form>
  );
}
