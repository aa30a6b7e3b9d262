import { measure } from '../bench';
import { dayReportOnly } from '../day-report.bench';
import type { Scenario } from './types';

/** 4. The station's day report over a 5 000-unit day (the computing after the reads). */
export const dayReportScenario: Scenario = {
  id: 'day-report',
  title: '4. station day report over a 5 000-unit day',
  async run({ seed }) {
    const r = measure(dayReportOnly(seed));
    return {
      figures: { report_ms: r.medianMs, report_min_ms: r.minMs, report_max_ms: r.maxMs },
      target: '≤ 50 ms',
      met: r.medianMs <= 50,
      note: 'median of the runs; HQ’s side of the day is scenario 4b',
    };
  },
};
