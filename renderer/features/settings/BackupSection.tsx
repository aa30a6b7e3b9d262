import type { TFunction } from 'i18next';
import { useState, type ChangeEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { SettingsPatchSchema } from '../../../shared/settings/schema';
import { useAppServices } from '../../app-services';
import { errorMessage } from '../../errors';
import { pruneUploadedPhotos } from '../../ledger';
import { exportStation, importStation, inspectBackup, type BackupSummary } from '../../ledger/backup';
import { saveFile } from '../../platform/save-file';
import { useStation } from '../../station-context';
import { useManagerSession } from '../manager/manager-session';
import { buildSupportBundle } from './support-bundle';

type Message = { ok: boolean; text: (t: TFunction) => string } | null;

/**
 * Backing up and moving a station (its whole database, photos and settings in one file), the support
 * bundle, and freeing space. Behind the manager gate with the rest of Settings.
 */
export function BackupSection() {
  const { t, i18n } = useTranslation();
  const { api, settingsState } = useStation();
  const { db, actor } = useAppServices();
  const { manager } = useManagerSession();
  const who = manager ? { who: manager.id } : actor;
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<Message>(null);
  const [chosen, setChosen] = useState<{ file: File; summary: BackupSummary; needsInsist: boolean } | null>(null);
  const stationId = settingsState.settings.station.id;
  const retentionDays = settingsState.settings.app.photoRetentionDays;

  const run = async (work: () => Promise<Message>) => {
    setBusy(true);
    setMessage(null);
    try {
      setMessage(await work());
    } catch (err) {
      setMessage({ ok: false, text: (t) => errorMessage(t, err) });
    } finally {
      setBusy(false);
    }
  };

  const exportAll = () =>
    run(async () => {
      const { file, manifest } = await exportStation(db, who, { stationId, settings: settingsState.settings });
      const name = `station-${stationId}-${manifest.exportedAt.slice(0, 19).replace(/:/g, '')}.zip`;
      saveFile(file, name);
      return { ok: true, text: (t) => t('backup.exported', { file: name, units: manifest.counts.units ?? 0, photos: manifest.counts.photos ?? 0 }) };
    });

  const choose = (e: ChangeEvent<HTMLInputElement>) => {
    const file = e.target.files?.[0];
    e.target.value = '';
    setChosen(null);
    if (!file) return;
    void run(async () => {
      const summary = await inspectBackup(file);
      setChosen({ file, summary, needsInsist: false });
      return null;
    });
  };

  const replace = (insist: boolean) =>
    chosen &&
    run(async () => {
      try {
        await importStation(db, who, chosen.file, { insist });
      } catch (err) {
        if ((err as { code?: string }).code === 'unsent_records') setChosen({ ...chosen, needsInsist: true });
        throw err;
      }
      // The settings travel with the station; the host validates them as any other change.
      const settings = SettingsPatchSchema.safeParse(pickSettings(chosen.summary.settings));
      if (settings.success) await api.settingsSet(settings.data);
      setChosen(null);
      const args = { station: chosen.summary.manifest.stationId, when: new Date(chosen.summary.manifest.exportedAt).toLocaleString(i18n.language) };
      return { ok: true, text: (t) => `${t('backup.imported', args)}${settings.success ? '' : ` ${t('backup.settingsNotRestored')}`}` };
    });

  const supportBundle = () =>
    run(async () => {
      const { file, name } = await buildSupportBundle(api, db);
      saveFile(file, name);
      return { ok: true, text: (t) => t('backup.bundleMade', { file: name }) };
    });

  const prune = () =>
    run(async () => {
      const n = await pruneUploadedPhotos(db, who, { olderThanDays: retentionDays });
      return { ok: true, text: (t) => t('backup.pruned', { count: n, days: retentionDays }) };
    });

  const m = chosen?.summary.manifest;
  return (
    <div data-testid="backup">
      <p className="muted">{t('backup.hint')}</p>
      <div className="form-actions">
        <button type="button" onClick={() => void exportAll()} disabled={busy} data-testid="backup-export">
          {t('backup.export')}
        </button>
        <label className="file-button">
          {t('backup.import')}
          <input type="file" accept=".zip,application/zip" onChange={choose} disabled={busy} data-testid="backup-file" />
        </label>
        <button type="button" onClick={() => void supportBundle()} disabled={busy} data-testid="support-bundle">
          {t('backup.bundle')}
        </button>
        <button type="button" onClick={() => void prune()} disabled={busy} data-testid="prune-photos">
          {t('backup.prune', { days: retentionDays })}
        </button>
      </div>
      {m && (
        <div className="banner warn" data-testid="backup-ready">
          <div>
            <p>
              {t('backup.ready', {
                station: m.stationId,
                when: new Date(m.exportedAt).toLocaleString(i18n.language),
                units: m.counts.units ?? 0,
                parcels: m.counts.parcels ?? 0,
                photos: m.counts.photos ?? 0,
                unsent: m.unsentRecords,
              })}
            </p>
            <p>{t('backup.replaceWarning')}</p>
            {chosen.needsInsist && <p className="error-text">{t('backup.insistHint')}</p>}
          </div>
          <button type="button" className="primary" disabled={busy} onClick={() => void replace(chosen.needsInsist)} data-testid="backup-replace">
            {chosen.needsInsist ? t('backup.replaceAnyway') : t('backup.replace')}
          </button>
        </div>
      )}
      {message && (
        <p role="status" className={message.ok ? 'ok-text' : 'error-text'} data-testid="backup-message">
          {message.text(t)}
        </p>
      )}
    </div>
  );
}

/** The settings sections a backup carries; the host checks them as it checks any change. */
function pickSettings(settings: unknown): unknown {
  if (!settings || typeof settings !== 'object') return {};
  const { station, hq, app, ui, scanning, devices, printers } = settings as Record<string, unknown>;
  return Object.fromEntries(Object.entries({ station, hq, app, ui, scanning, devices, printers }).filter(([, v]) => v !== undefined));
}
