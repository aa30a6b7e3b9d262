import { describe, expect, it } from 'vitest';
import { dressReturn, phoneReturn } from '../../../test/helpers/returns';
import { classifyScan } from '../../barcode/classify';
import { matchItemScan, matchParcelScan } from './match';

const dress = dressReturn();
const phones = phoneReturn();
const value = <T>(r: { ok: true; value: T } | { ok: false }) => (r.ok ? r.value : (undefined as never));

describe('matchParcelScan', () => {
  it.each([
    ['RMA-2026A0001', 'rma'],
    ['rma-2026a0001', 'rma'],
    ['SF1234567890123', 'tracking'],
    ['4102938475610293847', 'order'],
  ])('%s → matched by %s', (raw, by) => {
    expect(value(matchParcelScan({ raw, scan: classifyScan(raw), candidates: [dress, phones] }))).toMatchObject({
      kind: 'matched',
      rmaNo: 'RMA-2026A0001',
      by,
    });
  });

  it('a USPS label scanned whole (420 + ZIP + tracking) finds the return that lists the bare tracking number', () => {
    const usps = dressReturn({ rmaNo: 'RMA-2026A0010', orderNo: 'US-1', trackingNumbers: ['9101026837331000039521'] });
    const raw = '420221539101026837331000039521';
    expect(value(matchParcelScan({ raw, scan: classifyScan(raw), candidates: [usps] }))).toMatchObject({
      kind: 'matched',
      rmaNo: 'RMA-2026A0010',
      by: 'tracking',
    });
  });

  it('an order with two open returns is ambiguous: the clerk chooses', () => {
    const second = dressReturn({ rmaNo: 'RMA-2026A0009' });
    expect(value(matchParcelScan({ raw: '4102938475610293847', scan: classifyScan('4102938475610293847'), candidates: [dress, second] }))).toEqual({
      kind: 'ambiguous',
      rmaNos: ['RMA-2026A0001', 'RMA-2026A0009'],
      reasons: [{ key: 'match.ambiguous', params: { code: '4102938475610293847', count: 2 } }],
    });
  });

  it('an RMA number wins over an order number that also matches', () => {
    const other = dressReturn({ rmaNo: 'RMA-2026A0009', orderNo: 'RMA-2026A0001' });
    expect(value(matchParcelScan({ raw: 'RMA-2026A0001', scan: classifyScan('RMA-2026A0001'), candidates: [other, dress] }))).toMatchObject({
      kind: 'matched',
      rmaNo: 'RMA-2026A0001',
      by: 'rma',
    });
  });

  it('a cancelled return never matches; nothing found is a blind receipt', () => {
    const cancelled = dressReturn({ status: 'cancelled' });
    expect(value(matchParcelScan({ raw: 'RMA-2026A0001', scan: classifyScan('RMA-2026A0001'), candidates: [cancelled] }))).toEqual({
      kind: 'blind',
      reasons: [{ key: 'match.none', params: { code: 'RMA-2026A0001', scanKind: 'rma' } }],
    });
  });
});

describe('matchItemScan', () => {
  /** A phone's GS1 DataMatrix: GTIN (01) and serial (21). */
  const phone = (serial: string) => classifyScan(`]d2010690123456791521${serial}`);

  it('matches the exact serial shipped to this customer', () => {
    expect(value(matchItemScan({ scan: phone('SN-A2'), expected: phones, received: [] }))).toMatchObject({
      kind: 'matched',
      lineId: 'P1',
      by: 'serial',
      serialMismatch: false,
    });
  });

  it('a serial that was never shipped still matches the line, flagged as a possible swap', () => {
    const m = value(matchItemScan({ scan: phone('SN-ZZ9'), expected: phones, received: [] }));
    expect(m).toMatchObject({ kind: 'matched', lineId: 'P1', by: 'gtin', serialMismatch: true });
    expect(m.reasons).toContainEqual({
      key: 'item.serialMismatch',
      params: { serial: 'SN-ZZ9', sku: 'PHONE-X-128', expected: expect.stringContaining('SN-') },
    });
  });

  it('the same serial scanned twice is a duplicate, not a second unit', () => {
    const received = [{ expectedLineId: 'P1', qty: 1, serial: 'SN-A1', match: 'matched' }];
    expect(value(matchItemScan({ scan: phone('SN-A1'), expected: phones, received }))).toMatchObject({ kind: 'duplicate' });
  });

  it('more units than the line holds are over', () => {
    const received = [1, 2].map(() => ({ expectedLineId: 'P1', qty: 1, match: 'matched' }));
    expect(value(matchItemScan({ scan: classifyScan('6901234567915'), expected: phones, received }))).toMatchObject({ kind: 'over', lineId: 'P1' });
  });

  it('a gift is matched to its gift line', () => {
    expect(value(matchItemScan({ scan: classifyScan('6901234567908'), expected: dress, received: [] }))).toMatchObject({
      kind: 'matched',
      lineId: 'G1',
      isGift: true,
    });
  });

  it('a GTIN on no line, once everything is in, is an unexpected extra', () => {
    const received = [{ expectedLineId: 'L1', qty: 1, match: 'matched' }];
    expect(value(matchItemScan({ scan: classifyScan('4006381333931'), expected: dress, received }))).toMatchObject({ kind: 'unexpected' });
  });

  it.each(['SF1234567890123', 'RMA-2026A0001', '#CMD:COMPLETE', 'hello'])('%s is not an item', (raw) => {
    expect(value(matchItemScan({ scan: classifyScan(raw), expected: dress, received: [] }))).toMatchObject({ kind: 'not_an_item' });
  });
});
