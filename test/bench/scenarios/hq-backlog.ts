import { buildHq } from '../../../hq/src/server';
import { enrolBenchStation, freshPostgresOrSkip } from '../hq-database';
import { launch, openHarness } from '../chromium';
import { parcelRecords } from '../station-records';
import type { Scenario } from './types';

/**
 * 2c. A station back online after a long outage: 100 000 records (quick: 20 000) waiting in its real
 * IndexedDB outbox in Chromium, drained to HQ by the real sync engine; the page's heap sampled throughout.
 */
export const hqBacklogScenario: Scenario = {
  id: 'hq-backlog',
  title: '2c. a 100 000-record backlog drains from the station (real sync engine in Chromium) to HQ, station memory bounded',
  async run({ quick }) {
    const hq = await freshPostgresOrSkip('the station drains into HQ on a server');
    const app = await buildHq({ pool: hq.pool, database: hq, rateLimit: { perMinute: 1_000_000, enrolPerMinute: 1000, failedAuthPerMinute: 1000 } });
    const browser = await launch({ crossOrigin: true });
    try {
      const n = quick ? 20_000 : 100_000;
      const { call } = await openHarness(browser);
      const { installId } = await call('backlog', await parcelRecords(), n);
      const url = await app.listen({ host: '127.0.0.1', port: 0 });
      const { token } = await enrolBenchStation(hq.pool, url, installId);
      const drained = await call('drain', { url, token });
      const kept = Number((await hq.pool.query('select count(*) from sync_items')).rows[0].count);
      if (kept !== n || drained.waiting !== 0) throw new Error(`HQ kept ${kept} of ${n}; ${drained.waiting} still waiting`);
      const growth = drained.heapPeakMb - drained.heapBeforeMb;
      return {
        figures: {
          records: n,
          drain_records_per_s: Math.round(n / (drained.ms / 1000)),
          station_heap_peak_mb: drained.heapPeakMb,
          station_heap_growth_mb: growth,
          station_heap_retained_mb: drained.heapAfterGcMb - drained.heapBeforeMb,
          push_share: drained.pushMs / drained.ms,
        },
        target: 'every record once; the page heap grows < 50 MB at its peak and keeps < 5 MB, whatever the backlog',
        met: kept === n && growth < 50 && drained.heapAfterGcMb - drained.heapBeforeMb < 5,
        note: `batches of 200 through the page's engine, which calls HQ itself here (the host's WebSocket hop is not in it); push_share: the part of the time with a push on the way (PUSHES_IN_FLIGHT at most); heap ${drained.heapBeforeMb.toFixed(1)} MB before, peak ${drained.heapPeakMb.toFixed(1)} MB (sampled every 10 ms)${quick ? '; quick: 20 000 records, not 100 000' : ''}`,
      };
    } finally {
      await browser.close();
      await app.close();
      await hq.drop();
    }
  },
};
