import { describe, expect, it } from 'vitest';
import { useStationDbs } from '../../test/helpers/station-db';
import type { PrintJobState } from '../db/station-db';
import { stationHealth } from './health';

const stationDbs = useStationDbs();
const job = (id: string, state: PrintJobState) => ({
  id,
  code: id,
  label: { kind: 'unit' as const, code: id, title: 't', lines: [] },
  printerId: 'p',
  state,
  attempts: 0,
  createdAt: '2026-11-24T00:00:00.000Z',
  createdBy: 'clerk-1',
});

describe('the station health in a support bundle', () => {
  it('counts labels by state and tables by rows, and checks the chain', async () => {
    const db = stationDbs.fresh();
    await db.printJobs.bulkAdd([job('J1', 'queued'), job('J2', 'done'), job('J3', 'done'), job('J4', 'failed')]);
    const health = await stationHealth(db);
    expect(health.printJobs).toEqual({ done: 2, failed: 1, queued: 1 });
    expect(health.counts.printJobs).toBe(4);
    expect(health.auditChain).toBeNull();
  });
});
