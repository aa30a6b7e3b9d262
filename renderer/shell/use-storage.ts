import { useEffect, useState } from 'react';
import { assessStorage, type StorageAssessment } from '../../shared/storage/storage-limits';
import { useStation } from '../station-context';

const EVERY_MS = 30_000;

/** Room left for the station's data (browser quota and the disk), read now and every 30 s. */
export function useStorage(): StorageAssessment {
  const { api } = useStation();
  const [state, setState] = useState<StorageAssessment>({ level: 'ok' });
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
