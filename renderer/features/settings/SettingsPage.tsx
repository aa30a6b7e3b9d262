import { useTranslation } from 'react-i18next';
import { LanguageSwitch } from '../../shell/LanguageSwitch';
import { useAppServices } from '../../app-services';
import { useStation } from '../../station-context';
import { BackupSection } from './BackupSection';
import { DockPcSection } from './DockPcSection';
import { HqSection } from './HqSection';
import { ReferenceDataSection } from './ReferenceDataSection';
import { StationForm } from './StationForm';

export function SettingsPage() {
  const { t } = useTranslation();
  const { appInfo, settingsState } = useStation();
  const { persisted } = useAppServices();
  return (
    <section className="page">
      <h1>{t('settings.heading')}</h1>
      {!persisted && (
        <p className="banner warn" role="note" data-testid="storage-not-persisted">
          {t('settings.storageNotPersisted')}
        </p>
      )}

      <h2>{t('language.label')}</h2>
      <LanguageSwitch />

      <h2>{t('settings.station')}</h2>
      <StationForm />

      <h2>{t('hq.heading')}</h2>
      <HqSection />

      <h2>{t('reference.heading')}</h2>
      <ReferenceDataSection />

      <h2>{t('backup.heading')}</h2>
      <BackupSection />

      <h2>{t('dockPc.heading')}</h2>
      <DockPcSection />

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
