/** Times as people at HQ read them: in the warehouse's zone (or the browser's), in the UI's language. */
export const dateTime = (iso: string | null | undefined, locale: string, timeZone?: string) =>
  iso ? new Date(iso).toLocaleString(locale, { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' }) : '—';

/** Today's date (YYYY-MM-DD) in a zone: what "today" is for a warehouse. */
export function todayIn(timeZone: string, now = new Date()): string {
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).formatToParts(now);
  const get = (type: string) => parts.find((p) => p.type === type)!.value;
  return `${get('year')}-${get('month')}-${get('day')}`;
}

export function money(minor: number, currency: string, locale: string): string {
  const digits = new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
  return new Intl.NumberFormat(locale, { style: 'currency', currency }).format(minor / 10 ** digits);
}

/** How long ago, in whole minutes, hours or days. */
export function ago(iso: string | null | undefined, t: (key: string, o?: Record<string, unknown>) => string, now = Date.now()): string {
  if (!iso) return t('time.never');
  const minutes = Math.max(0, Math.round((now - Date.parse(iso)) / 60_000));
  if (minutes < 60) return t('time.minutesAgo', { count: minutes });
  if (minutes < 48 * 60) return t('time.hoursAgo', { count: Math.round(minutes / 60) });
  return t('time.daysAgo', { count: Math.round(minutes / 1440) });
}
