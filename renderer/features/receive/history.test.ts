import { apparelAnswers } from '../../../test/helpers/returns';
import { describe, expect, it } from 'vitest';
import { classifyScan } from '../../../shared/barcode/classify';
import { ExpectedReturnSchema } from '../../../shared/returns';
import { dressReturn } from '../../../test/helpers/returns';
import { useStationDbs } from '../../../test/helpers/station-db';
import { searchHistory } from './history';
import { acceptUnit, completeParcel, openParcel, recordCondition, recordWeight, startItem } from '../../ledger';

const stationDbs = useStationDbs();

describe('history search', () => {
  it('finds a received parcel by tracking number, RMA, order number, LPN or GTIN', async () => {
    const db = stationDbs.fresh();
    const expected = ExpectedReturnSchema.parse(dressReturn());
    await db.expectedReturns.put(expected);
    const scan = classifyScan('SF1234567890123');
    const parcel = await openParcel(
      db,
      { who: 'C001' },
      { raw: 'SF1234567890123', scan, match: { kind: 'matched', rmaNo: expected.rmaNo, by: 'tracking', reasons: [] }, stationId: 'STATION-01' },
    );
    const pending = {
      id: 'p1',
      rmaNo: expected.rmaNo,
      raw: '6901234567892',
      scan: classifyScan('6901234567892'),
      lineId: 'L1',
      match: 'matched' as const,
      answers: apparelAnswers(),
    };
    await recordWeight(db, { who: 'C001' }, parcel.id, { grams: 480, stable: true, source: 'scale' });
    await recordCondition(db, { who: 'C001' }, parcel.id, 'intact');
    await startItem(db, parcel.id, pending);
    const unit = await acceptUnit(
      db,
      { who: 'C001' },
      { parcelId: parcel.id, itemId: pending.id, label: (lpn) => ({ kind: 'unit', code: lpn, title: 't', lines: [] }) },
    );
    await completeParcel(db, { who: 'C001' }, { parcelId: parcel.id });
    for (const code of ['SF1234567890123', 'rma-2026a0001', expected.orderNo, unit.lpn, '6901234567892', '06901234567892']) {
      const hits = await searchHistory(db, code);
      expect(
        hits.map((h) => h.parcel.id),
        code,
      ).toEqual([parcel.id]);
      expect(hits[0]!.units.map((u) => u.lpn)).toEqual([unit.lpn]);
    }
    // Opened by its RMA, a parcel is still found by the return's tracking number.
    const byRma = await openParcel(
      db,
      { who: 'C001' },
      {
        raw: 'RMA-2026A0009',
        scan: classifyScan('RMA-2026A0009'),
        match: { kind: 'matched', rmaNo: 'RMA-2026A0009', by: 'rma', reasons: [] },
        stationId: 'STATION-01',
      },
    );
    await db.expectedReturns.put({ ...expected, rmaNo: 'RMA-2026A0009', orderNo: 'O-9', trackingNumbers: ['YT1234567890123'] });
    expect((await searchHistory(db, 'YT1234567890123')).map((h) => h.parcel.id)).toEqual([byRma.id]);
    expect(await searchHistory(db, 'SF0000000000000')).toEqual([]);
    expect(await searchHistory(db, '  ')).toEqual([]);
  });
});
