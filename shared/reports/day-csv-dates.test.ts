import { describe, expect, it } from 'vitest';
import { localDate } from './day-csv';

describe("the CSV's return date, each quarter hour formatted once", () => {
  // Zones whose offsets are not whole hours, and days their clocks change.
  const cases: [string, string][] = [
    ['America/New_York', '2026-03-08'],
    ['America/New_York', '2026-11-01'],
    ['Europe/London', '2026-03-29'],
    ['Asia/Kathmandu', '2026-06-01'],
    ['Australia/Lord_Howe', '2026-04-05'],
    ['Asia/Shanghai', '2026-12-31'],
  ];
  it.each(cases)('in %s around %s, every 7 minutes, the date Intl gives', (timeZone, day) => {
    const intl = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
    const dateOf = localDate(timeZone);
    const start = Date.parse(`${day}T00:00:00Z`) - 86_400_000;
    const wrong: string[] = [];
    for (let at = start; at < start + 3 * 86_400_000; at += 7 * 60_000 + 13_000) {
      const iso = new Date(at).toISOString();
      if (dateOf(iso) !== intl.format(at)) wrong.push(iso);
    }
    expect(wrong).toEqual([]);
  });
});
