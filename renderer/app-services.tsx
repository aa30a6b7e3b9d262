import { createContext, useContext, useEffect, useState, type ReactNode } from 'react';
import type { StationDb } from './db/station-db';
import type { Actor } from './db/user-action';
import { startPrintWorker, type PrintWorker } from './features/labels/print-worker';
import { useStation } from './station-context';

export interface AppServices {
  db: StationDb;
  printWorker: PrintWorker | null;
  /** Who acts. Until clerks sign in (receiving flow), actions are recorded as the station's. */
  actor: Actor;
}

const AppServicesContext = createContext<AppServices | null>(null);

/** The station database and the background print worker, for the whole app. */
export function AppServicesProvider({ db, children }: { db: StationDb; children: ReactNode }) {
  const { api, settingsState } = useStation();
  const [printWorker, setPrintWorker] = useState<PrintWorker | null>(null);
  useEffect(() => {
    const worker = startPrintWorker(db, (job) => api.printerPrint({ printerId: job.printerId, label: job.label }));
    setPrintWorker(worker);
    return () => void worker.stop();
  }, [db, api]);
  const actor = { who: `station:${settingsState.settings.station.id}` };
  return <AppServicesContext.Provider value={{ db, printWorker, actor }}>{children}</AppServicesContext.Provider>;
}

export function useAppServices(): AppServices {
  const value = useContext(AppServicesContext);
  if (!value) throw new Error('useAppServices outside AppServicesProvider');
  return value;
}
