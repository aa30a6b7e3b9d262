import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../errors';
import { useStation } from '../../station-context';

/**
 * How a keyboard (USB) scanner is told from typing: by a prefix its programming adds to every code, or
 * by the AIM symbology identifiers it sends — recognised by content, however busy the PC. Without either,
 * by how fast its keys come.
 */
export function WedgeSettingsForm() {
  const { t } = useTranslation();
  const { api, settingsState } = useStation();
  const wedge = settingsState.settings.scanning.wedge;
  const [prefix, setPrefix] = useState(wedge.prefix);
  const [aimIds, setAimIds] = useState(wedge.aimIds);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const save = async (e: FormEvent) => {
    e.preventDefault();
    try {
      await api.settingsSet({ scanning: { wedge: { prefix: prefix.trim(), aimIds } } });
      setMessage({ ok: true, text: t('settings.saved') });
    } catch (err) {
      setMessage({ ok: false, text: errorMessage(t, err) });
    }
  };
  return (
    <form className="form row" onSubmit={(e) => void save(e)} data-testid="wedge-settings">
      <label>
        {t('devices.wedgePrefix')}
        <input value={prefix} maxLength={8} onChange={(e) => setPrefix(e.target.value)} autoComplete="off" className="mono" />
        <small>{t('devices.wedgePrefixHint')}</small>
      </label>
      <label className="check">
        <input type="checkbox" checked={aimIds} onChange={(e) => setAimIds(e.target.checked)} /> {t('devices.wedgeAim')}
      </label>
      <button type="submit">{t('settings.save')}</button>
      {message && (
        <span role="status" className={message.ok ? 'ok-text' : 'error-text'}>
          {message.text}
        </span>
      )}
    </form>
  );
}
