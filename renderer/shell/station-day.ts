import { localDate } from '../../shared/returns/dates';
import type { Settings } from '../../shared/settings/schema';

/** The zone the station's day is counted in: the station's setting, else the computer's. */
export function stationTimeZone(settings: Settings): string {
  return settings.station.timeZone || Intl.DateTimeFormat().resolvedOptions().timeZone;
}

/** Today's date at the station (YYYY-MM-DD). */
export const stationToday = (settings: Settings, now = new Date()) => localDate(now.toISOString(), stationTimeZone(settings));
