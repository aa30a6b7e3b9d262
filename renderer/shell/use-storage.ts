import { useEffect, useState } from 'react';
import { assessStorage, type StorageAssessment } from '../../shared/storage/storage-limits';
import { useAppServices } from '../app-services';
import { pruneUploadedPhotos } from '../ledger';
import { useStation } from '../station-context';

const EVERY_MS = 30_000;

/** Room left for the station's data (browser quota and the disk), read now and every 30 s; photos HQ holds are pruned when it runs low. */
export function useStorage(): StorageAssessment {
  const { api, settingsState } = useStation();
  const { db } = useAppServices();
  const retentionDays = settingsState.settings.app.photoRetentionDays;
  const [state, setState] = useState<StorageAssessment>({ level: 'ok' });
  // Space running low: photos HQ already holds, older than the retention, go first (by the station itself).
  useEffect(() => {
    if (state.level !== 'ok') void pruneUploadedPhotos(db, { who: 'system' }, { olderThanDays: retentionDays }).catch(() => undefined);
  }, [db, state.level, retentionDays]);
  useEffect(() => {
    let live = true;
    const read = async () => {
      const [estimate, disk] = await Promise.all([navigator.storage?.estimate?.().catch(() => undefined), api.diskSpace().catch(() => null)]);
      if (!live) return;
      setState(
        assessStorage({
          ...(estimate?.usage !== undefined ? { usageBytes: estimate.usage } : {}),
          ...(estimate?.quota !== undefined ? { quotaBytes: estimate.quota } : {}),
          ...(disk ? { diskFreeBytes: disk.freeBytes } : {}),
        }),
      );
    };
    void read();
    const timer = setInterval(() => void read(), EVERY_MS);
    return () => {
      live = false;
      clearInterval(timer);
    };
  }, [api]);
  return state;
}
