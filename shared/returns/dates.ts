import { z } from 'zod';

/** A UTC timestamp as ISO 8601 with `Z`, e.g. 2026-11-24T08:30:00.000Z. */
export const UtcIso = z.iso.datetime();
/** A calendar date, e.g. 2026-11-24. */
export const IsoDate = z.iso.date();

/**
 * One formatter per zone and use, kept: building an Intl.DateTimeFormat costs more than a unit's whole
 * decision (it loads the zone's rules), and every accept asks for a few. Zones are few; a caller spelling
 * them in many ways (zone names are case-insensitive) only starts the map over.
 */
function kept(cache: Map<string, Intl.DateTimeFormat>, timeZone: string, make: () => Intl.DateTimeFormat): Intl.DateTimeFormat {
  let f = cache.get(timeZone);
  if (!f) {
    f = make();
    if (cache.size >= 1000) cache.clear();
    cache.set(timeZone, f);
  }
  return f;
}
const dateFormats = new Map<string, Intl.DateTimeFormat>();
const clockFormats = new Map<string, Intl.DateTimeFormat>();

/** The calendar date of an instant in a time zone (IANA name), as YYYY-MM-DD. */
export function localDate(utcIso: string, timeZone: string): string {
  const format = kept(dateFormats, timeZone, () => new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }));
  const parts = format.formatToParts(new Date(utcIso));
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return `${get('year')}-${get('month')}-${get('day')}`;
}

export function addDays(isoDate: string, days: number): string {
  const [y, m, d] = isoDate.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

/** Whole calendar days from `from` to `to` (both YYYY-MM-DD). */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

export function isTimeZone(name: string): boolean {
  if (dateFormats.has(name)) return true;
  try {
    kept(dateFormats, name, () => new Intl.DateTimeFormat('en-CA', { timeZone: name, year: 'numeric', month: '2-digit', day: '2-digit' }));
    return true;
  } catch {
    return false;
  }
}

/** How far a zone's wall clock is ahead of UTC at an instant, in milliseconds. */
function zoneOffsetMs(instantMs: number, timeZone: string): number {
  const format = kept(
    clockFormats,
    timeZone,
    () =>
      new Intl.DateTimeFormat('en-US', {
        timeZone,
        hourCycle: 'h23',
        year: 'numeric',
        month: 'numeric',
        day: 'numeric',
        hour: 'numeric',
        minute: 'numeric',
        second: 'numeric',
      }),
  );
  const parts = format.formatToParts(new Date(instantMs));
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  return Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second')) - Math.floor(instantMs / 1000) * 1000;
}

/** The instant a calendar date begins in a time zone (its local midnight), as UTC ISO. */
export function startOfDayUtc(isoDate: string, timeZone: string): string {
  const naive = Date.parse(`${isoDate}T00:00:00Z`);
  // Twice: the first guess may sit on the other side of a DST change from the real midnight.
  let at = naive - zoneOffsetMs(naive, timeZone);
  at = naive - zoneOffsetMs(at, timeZone);
  return new Date(at).toISOString();
}

/** A station day as the half-open UTC span [from, to) it covers in its time zone (23, 24 or 25 hours). */
export function dayBoundsUtc(isoDate: string, timeZone: string): { from: string; to: string } {
  return { from: startOfDayUtc(isoDate, timeZone), to: startOfDayUtc(addDays(isoDate, 1), timeZone) };
}

/** Monday–Friday and not a listed holiday. */
export function isBusinessDay(isoDate: string, holidays: readonly string[]): boolean {
  const weekday = new Date(`${isoDate}T00:00:00Z`).getUTCDay();
  return weekday !== 0 && weekday !== 6 && !holidays.includes(isoDate);
}

/** The date `days` business days after `isoDate` (a receipt on Friday with 2 days is due on Tuesday). */
export function addBusinessDays(isoDate: string, days: number, holidays: readonly string[]): string {
  let date = isoDate;
  for (let left = days; left > 0; ) {
    date = addDays(date, 1);
    if (isBusinessDay(date, holidays)) left--;
  }
  return date;
}
