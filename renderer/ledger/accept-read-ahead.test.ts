import { describe, expect, it } from 'vitest';
import { classifyScan } from '../../shared/barcode/classify';
import type { ExpectedReturn } from '../../shared/returns';
import { apparelAnswers, dressReturn } from '../../test/helpers/returns';
import { useStationDbs } from '../../test/helpers/station-db';
import { NOW, label, receiveParcel, seed } from '../../test/helpers/receive-flow';
import type { PendingItem, StationDb } from '../db/station-db';
import { acceptUnit, startItem } from './index';

const stationDbs = useStationDbs();
const clerk = { who: 'clerk-7' };

/** A customer (TM-778) with five other returns in the window: the policy sends an accepted return of theirs to a manager. */
async function frequentReturner(db: StationDb) {
  const mine = (n: number) => dressReturn({ rmaNo: `RMA-2026F000${n}`, customer: { name: '王**', id: 'TM-778' } });
  return seed(db, mine(1), mine(2), mine(3), mine(4), mine(5), mine(6), dressReturn({ rmaNo: 'RMA-2026G0001', customer: { name: '李**', id: 'TM-001' } }));
}

async function acceptWith(db: StationDb, expected: ExpectedReturn, guess: Pick<ExpectedReturn, 'rmaNo' | 'customer'> | undefined) {
  const parcel = await receiveParcel(db, expected.rmaNo, [expected]);
  const pending: PendingItem = {
    id: crypto.randomUUID(),
    raw: '6901234567892',
    scan: classifyScan('6901234567892'),
    rmaNo: expected.rmaNo,
    lineId: 'L1',
    match: 'matched',
    answers: apparelAnswers(),
  };
  await startItem(db, parcel.id, pending);
  return acceptUnit(db, clerk, { parcelId: parcel.id, itemId: pending.id, label, now: NOW, ...(guess ? { expected: guess } : {}) });
}

describe('accepting with the return the screen shows read ahead', () => {
  it('decides as without it when the guess is right', async () => {
    const db = stationDbs.fresh();
    const returns = await frequentReturner(db);
    const guessed = await acceptWith(db, returns[0]!, returns[0]);
    expect(guessed).toMatchObject({ acceptance: 'manual_intervention_required' });
    expect(guessed.reasons.map((r) => r.key)).toContain('eligibility.serialReturner');
  });

  it('reads the item’s own return when the guess names another one', async () => {
    const db = stationDbs.fresh();
    const returns = await frequentReturner(db);
    const other = returns[6]!;
    const unit = await acceptWith(db, returns[0]!, other);
    expect(unit.rmaNo).toBe(returns[0]!.rmaNo);
    expect(unit.reasons.map((r) => r.key)).toContain('eligibility.serialReturner');
  });

  it('counts the stored customer’s returns when the screen’s copy of the return names another customer', async () => {
    const db = stationDbs.fresh();
    const returns = await frequentReturner(db);
    // The screen still shows the return as it was before HQ corrected its customer.
    const stale = { ...returns[0]!, customer: { name: '李**', id: 'TM-001' } };
    const unit = await acceptWith(db, returns[0]!, stale);
    expect(unit.reasons.map((r) => r.key)).toContain('eligibility.serialReturner');
  });

  it('does not make a one-off customer a frequent returner because the screen’s copy names one', async () => {
    const db = stationDbs.fresh();
    const returns = await frequentReturner(db);
    const oneOff = await acceptWith(db, returns[6]!, { ...returns[6]!, customer: returns[0]!.customer });
    expect(oneOff).toMatchObject({ acceptance: 'accepted' });
  });
});
