import { useLiveQuery } from 'dexie-react-hooks';
import { useState } from 'react';
import { useAppServices } from '../../app-services';
import { loadStationDay, type StationDay } from '../../ledger';
import { stationTimeZone, stationToday } from '../../shell/station-day';
import { useStation } from '../../station-context';

/** The day the manager is looking at (today by default) and its figures, live as records change. */
export function useStationDay() {
  const { db } = useAppServices();
  const { settingsState } = useStation();
  const settings = settingsState.settings;
  const timeZone = stationTimeZone(settings);
  const [date, setDate] = useState(() => stationToday(settings));
  const [error, setError] = useState<unknown>(null);
  const day: StationDay | undefined = useLiveQuery(
    () =>
      loadStationDay(db, { date, timeZone, stationId: settings.station.id, now: new Date() }).catch((err: unknown) => {
        setError(err);
        return undefined;
      }),
    [db, date, timeZone, settings.station.id],
  );
  return { date, setDate, timeZone, stationId: settings.station.id, day, error };
}
