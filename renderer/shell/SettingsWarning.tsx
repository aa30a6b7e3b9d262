import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useStation } from '../station-context';

/** Says plainly when the settings file was damaged and where the damaged copy was kept. */
export function SettingsWarning() {
  const { t } = useTranslation();
  const { warning } = useStation().settingsState;
  const [dismissed, setDismissed] = useState<string | null>(null);
  if (!warning || dismissed === warning.message) return null;
  return (
    <div className="banner warn" role="alert" data-testid="settings-warning">
      <p>
        {warning.code === 'settings_corrupt' && warning.backupPath
          ? t('settings.warningCorrupt', { backupPath: warning.backupPath })
          : t('settings.warningUnreadable', { message: warning.message })}
      </p>
      <button type="button" onClick={() => setDismissed(warning.message)}>
        {t('settings.dismiss')}
      </button>
    </div>
  );
}
