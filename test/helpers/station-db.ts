import { afterEach } from 'vitest';
import { StationDb } from '../../renderer/db/station-db';

/** A fresh, uniquely named station database per test (fake-indexeddb), deleted afterwards. */
export function useStationDbs() {
  let n = 0;
  const dbs: StationDb[] = [];
  afterEach(async () => {
    for (const db of dbs.splice(0)) await db.delete();
  });
  return {
    /**
     * A database whose actions are dated as the test says (a day replayed at fixed times): the check of an
     * action's time against the clock is the one thing turned off (it has its own test).
     */
    fresh() {
      const db = new StationDb(`test-${Date.now()}-${n++}`);
      db.checksActionTimes = false;
      dbs.push(db);
      return db;
    },
    /** The same database opened again, as after a restart. */
    reopen(db: StationDb) {
      db.close();
      const again = new StationDb(db.name);
      again.checksActionTimes = db.checksActionTimes;
      dbs.push(again);
      return again;
    },
  };
}
