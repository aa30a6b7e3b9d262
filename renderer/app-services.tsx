import { liveQuery } from 'dexie';
import { createContext, useCallback, useContext, useEffect, useState, type ReactNode } from 'react';
import type { StationUser } from '../shared/returns';
import type { StationDb } from './db/station-db';
import { startAuditCheck, type Actor } from './ledger';
import { startPrintWorker, type PrintWorker } from './features/labels/print-worker';
import { startSyncEngine, type SyncEngine } from './sync/sync-engine';
import { useStation } from './station-context';

export interface AppServices {
  db: StationDb;
  printWorker: PrintWorker | null;
  /** Delivers records to HQ and pulls reference data, in the background. */
  sync: SyncEngine | null;
  /** The browser promised not to evict the station database under storage pressure. */
  persisted: boolean;
  /** Who acts: the signed-in clerk, or the station itself for work outside receiving. */
  actor: Actor;
  user: StationUser | null;
  signIn(user: StationUser): void;
  signOut(): void;
}

const SESSION_KEY = 'returns-station.user';

const AppServicesContext = createContext<AppServices | null>(null);

/** The station database and the background print worker, for the whole app. */
export function AppServicesProvider({ db, persisted = true, children }: { db: StationDb; persisted?: boolean; children: ReactNode }) {
  const { api, settingsState } = useStation();
  const [printWorker, setPrintWorker] = useState<PrintWorker | null>(null);
  useEffect(() => {
    const worker = startPrintWorker(db, (job) => api.printerPrint({ printerId: job.printerId, label: job.label }));
    setPrintWorker(worker);
    return () => void worker.stop();
  }, [db, api]);
  const [sync, setSync] = useState<SyncEngine | null>(null);
  useEffect(() => {
    const engine = startSyncEngine(db, api);
    setSync(engine);
    // Each new record is pushed as soon as it is written, not at the engine's next tick.
    let last: number | undefined;
    const outbox = liveQuery(() => db.outbox.orderBy('seq').lastKey()).subscribe((seq) => {
      if (last !== undefined && seq !== last) engine.nudge();
      last = (seq as number | undefined) ?? 0;
    });
    return () => {
      outbox.unsubscribe();
      void engine.stop();
    };
  }, [db, api]);
  // Verified once at start; managers see a failure on every manager page.
  useEffect(() => void startAuditCheck(db), [db]);
  // The signed-in clerk survives a reload of the page (a crash mid-parcel), not a restart of the station.
  const [user, setUser] = useState<StationUser | null>(null);
  useEffect(() => {
    const id = sessionStorage.getItem(SESSION_KEY);
    if (id) void db.users.get(id).then((u) => setUser(u ?? null));
  }, [db]);
  const signIn = useCallback((u: StationUser) => {
    sessionStorage.setItem(SESSION_KEY, u.id);
    setUser(u);
  }, []);
  const signOut = useCallback(() => {
    sessionStorage.removeItem(SESSION_KEY);
    setUser(null);
  }, []);
  const actor = { who: user ? user.id : `station:${settingsState.settings.station.id}` };
  return <AppServicesContext.Provider value={{ db, printWorker, sync, persisted, actor, user, signIn, signOut }}>{children}</AppServicesContext.Provider>;
}

export function useAppServices(): AppServices {
  const value = useContext(AppServicesContext);
  if (!value) throw new Error('useAppServices outside AppServicesProvider');
  return value;
}
