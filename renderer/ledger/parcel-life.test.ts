import { describe, expect, it } from 'vitest';
import { classifyScan } from '../../shared/barcode/classify';
import { CN_MARKETPLACE_POLICY, ExpectedReturnSchema } from '../../shared/returns';
import { apparelAnswers, dressReturn } from '../../test/helpers/returns';
import { useStationDbs } from '../../test/helpers/station-db';
import { NOW, expectOutboxValid, label, receiveParcel, seed, seedManager, takeItem } from '../../test/helpers/receive-flow';
import { provisionalLpnPrefix } from '../../shared/sync/lpn-prefix';
import type { PendingItem, StationDb } from '../db/station-db';
import {
  acceptUnit,
  completeParcel,
  customerReturnsInWindow,
  findOpenParcel,
  installId,
  reopenParcel,
  setLpnPrefix,
  resolveException,
  startItem,
  voidParcel,
  withdrawParcel,
} from './index';

// The ledger after a parcel's units: undone, voided, held and reopened parcels; LPNs across stations and cleared
// stores; frequent returners. (What acceptance records, action by action, is in receiving.test.ts.)
const stationDbs = useStationDbs();

const clerk = { who: 'clerk-7' };
const manager = { who: 'M001' };

describe('the ledger: a parcel’s life', () => {
  it('the clerk who opened a parcel by mistake undoes the scan while nothing is received; not someone else’s, not with units', async () => {
    const db = stationDbs.fresh();
    const stray = await receiveParcel(db, 'HELLO123', []);
    await expect(withdrawParcel(db, { who: 'C002' }, { parcelId: stray.id, now: NOW })).rejects.toMatchObject({ code: 'manager_required' });
    const withdrawn = await withdrawParcel(db, clerk, { parcelId: stray.id, now: NOW });
    expect(withdrawn).toMatchObject({ status: 'voided', voided: { by: 'clerk-7' } });
    expect((await db.exceptions.toArray()).map((x) => [x.kind, x.status])).toEqual([['unmatched_parcel', 'resolved']]);
    expect((await db.outbox.toArray()).map((o) => o.type).slice(-2)).toEqual(['parcel.voided', 'exception.resolved']);
    expect((await db.auditEvents.toArray()).at(-1)).toMatchObject({ action: 'parcel.withdraw', who: 'clerk-7' });

    const [dress] = await seed(db, dressReturn({ lines: [dressReturn().lines[0]!] }));
    const real = await receiveParcel(db, 'SF1234567890123', [dress!]);
    await takeItem(db, real.id, dress!, { rmaNo: dress!.rmaNo, raw: '6901234567892', lineId: 'L1', match: 'matched' });
    await expect(withdrawParcel(db, clerk, { parcelId: real.id, now: NOW })).rejects.toMatchObject({ code: 'parcel_has_units' });
  });

  it('a stray scan opened a blind parcel: a manager voids it, its exception is resolved as void, HQ is told', async () => {
    const db = stationDbs.fresh();
    const parcel = await receiveParcel(db, 'HELLO123', []);
    expect((await db.exceptions.toArray()).map((x) => x.kind)).toEqual(['unmatched_parcel']);
    // Only a manager voids: a clerk's id is refused by the ledger itself, whatever the screen allowed.
    await expect(voidParcel(db, clerk, { parcelId: parcel.id, reason: 'stray scan', now: NOW })).rejects.toMatchObject({ code: 'manager_required' });
    await seedManager(db);
    const voided = await voidParcel(db, manager, { parcelId: parcel.id, reason: 'stray scan of a shelf label', now: NOW });
    expect(voided).toMatchObject({ status: 'voided', voided: { by: 'M001', reason: 'stray scan of a shelf label' } });
    expect((await db.exceptions.toArray())[0]).toMatchObject({ status: 'resolved', resolvedBy: 'M001' });
    expect((await db.outbox.toArray()).map((o) => o.type)).toContain('parcel.voided');
    expect(await findOpenParcel(db)).toBeUndefined();
    await expectOutboxValid(db);
  });

  it('a parcel with units cannot be voided', async () => {
    const db = stationDbs.fresh();
    const [dress] = await seed(db, dressReturn());
    const parcel = await receiveParcel(db, 'RMA-2026A0001', [dress!]);
    await takeItem(db, parcel.id, dress!, { rmaNo: dress!.rmaNo, raw: '6901234567892', lineId: 'L1', match: 'matched' });
    await expect(voidParcel(db, manager, { parcelId: parcel.id, reason: 'oops' })).rejects.toMatchObject({ code: 'parcel_has_units' });
  });

  it('a held parcel becomes closed when its last exception is resolved; a manager reopens a parcel completed today', async () => {
    const db = stationDbs.fresh();
    const [dress] = await seed(db, dressReturn({ returnFreight: undefined }));
    const parcel = await receiveParcel(db, 'RMA-2026A0001', [dress!]);
    await takeItem(db, parcel.id, dress!, { rmaNo: dress!.rmaNo, raw: '6901234567892', lineId: 'L1', match: 'matched' });
    const done = await completeParcel(db, clerk, { parcelId: parcel.id, now: NOW });
    expect(done.parcel.status).toBe('held');
    await resolveException(db, manager, done.openExceptions[0]!.id, 'customer keeps the scarf, deduction agreed', NOW);
    expect((await db.parcels.get(parcel.id))!.status).toBe('closed');
    const reopened = await reopenParcel(db, manager, { parcelId: parcel.id, reason: 'scarf found in the box', timeZone: 'Asia/Shanghai', now: NOW });
    expect(reopened).toMatchObject({ status: 'inspecting', reopenings: [{ by: 'M001', reason: 'scarf found in the box' }] });
    await takeItem(db, parcel.id, dress!, { rmaNo: dress!.rmaNo, raw: '6901234567908', lineId: 'G1', match: 'matched' });
    const again = await completeParcel(db, clerk, { parcelId: parcel.id, now: NOW });
    expect(again.decisions[0]).toMatchObject({ seq: 2, deltaMinor: 2900 });
    await expect(
      reopenParcel(db, manager, { parcelId: parcel.id, reason: 'x', timeZone: 'Asia/Shanghai', now: new Date('2026-11-26T06:00:00.000Z') }),
    ).rejects.toMatchObject({ code: 'reopen_too_late' });
    await expectOutboxValid(db);
  });

  it('a return under a policy the station does not hold is not decided by another policy: an exception asks a manager', async () => {
    const db = stationDbs.fresh();
    const [dress] = await seed(db, dressReturn({ policyId: 'tiktok-shop-2027' }));
    const parcel = await receiveParcel(db, 'RMA-2026A0001', [dress!]);
    await takeItem(db, parcel.id, dress!, { rmaNo: dress!.rmaNo, raw: '6901234567892', lineId: 'L1', match: 'matched' });
    const done = await completeParcel(db, clerk, { parcelId: parcel.id, now: NOW });
    expect(done.decisions).toEqual([]);
    expect(done.openExceptions.map((x) => x.kind)).toContain('policy_unknown');
  });
});

describe('the ledger: LPNs unique across stations and cleared stores', () => {
  async function lpns(db: StationDb, n: number) {
    const [dress] = await seed(db, dressReturn());
    const parcel = await receiveParcel(db, 'RMA-2026A0001', [dress!]);
    const out: string[] = [];
    for (let i = 0; i < n; i++) {
      const pending: PendingItem = {
        id: `i${i}`,
        rmaNo: dress!.rmaNo,
        raw: 'x',
        scan: classifyScan('6901234567892'),
        lineId: 'L1',
        match: 'matched',
        answers: apparelAnswers(),
      };
      await startItem(db, parcel.id, pending);
      out.push((await acceptUnit(db, clerk, { parcelId: parcel.id, itemId: pending.id, label })).lpn);
    }
    return out;
  }

  it('two stations — and a store cleared and enrolled again — never issue the same LPN: HQ gives each enrolment its prefix', async () => {
    const a = stationDbs.fresh();
    const b = stationDbs.fresh();
    const cleared = stationDbs.fresh();
    await setLpnPrefix(a, '001');
    await setLpnPrefix(b, '002');
    const fromA = await lpns(a, 5);
    const fromB = await lpns(b, 5);
    // The same station after its store was wiped: the counter starts over, the new prefix keeps it apart.
    await setLpnPrefix(cleared, '003');
    const afterWipe = await lpns(cleared, 5);
    const all = [...fromA, ...fromB, ...afterWipe];
    expect(new Set(all).size).toBe(15);
    for (const lpn of all) expect(classifyScan(lpn)).toEqual({ kind: 'lpn', lpn });
    expect(fromA[0]).toBe('LPN0010000001');
  });

  it('before enrolment the prefix is Z + four characters of the install id: never one HQ gives out, and two fresh stations differ', async () => {
    const [one, two] = [stationDbs.fresh(), stationDbs.fresh()];
    const [first] = await lpns(one, 1);
    const [other] = await lpns(two, 1);
    expect(first).toMatch(/^LPNZ[0-9A-Z]{4}00001$/);
    expect(first).toBe(`LPN${provisionalLpnPrefix(await installId(one))}00001`);
    expect(other).not.toBe(first);
  });
});

describe('the ledger: frequent returners', () => {
  it('are counted by customer id or hashed contact, never by a masked display name', async () => {
    const db = stationDbs.fresh();
    const hash = 'a'.repeat(64);
    const [me] = await seed(
      db,
      dressReturn({ rmaNo: 'RMA-2026F0001', customer: { name: '王**', id: 'TM-778' } }),
      dressReturn({ rmaNo: 'RMA-2026F0002', customer: { name: '王**', id: 'TM-778' } }),
      dressReturn({ rmaNo: 'RMA-2026F0003', customer: { name: '王**' } }),
      dressReturn({ rmaNo: 'RMA-2026F0004', customer: { name: '王**', id: 'TM-999' } }),
      dressReturn({ rmaNo: 'RMA-2026F0005', customer: { name: 'W.', contactHash: hash } }),
    );
    expect(await customerReturnsInWindow(db, me!, CN_MARKETPLACE_POLICY, NOW)).toBe(1);
    const byContact = ExpectedReturnSchema.parse(dressReturn({ rmaNo: 'RMA-2026F0006', customer: { name: '王**', contactHash: hash } }));
    expect(await customerReturnsInWindow(db, byContact, CN_MARKETPLACE_POLICY, NOW)).toBe(1);
    const anonymous = ExpectedReturnSchema.parse(dressReturn({ rmaNo: 'RMA-2026F0007', customer: { name: '王**' } }));
    expect(await customerReturnsInWindow(db, anonymous, CN_MARKETPLACE_POLICY, NOW)).toBe(0);
  });
});
