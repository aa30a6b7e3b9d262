import { describe, expect, it } from 'vitest';
import type { OutboxType } from '../../shared/sync/outbox-types';
import type { ParsedItem } from '../../hq/src/push/parse';
import { RECORD_TYPES } from '../../hq/src/push/record-types';
import type { PushScope } from '../../hq/src/push/scope';
import { NotBulkable, SegmentBuilder } from '../../hq/src/push/segment';

const scope: PushScope = { warehouseId: 'WH-1', stationId: 'DOCK-1', installId: 'install-1', lpnPrefixes: ['AB'] };
const item = (seq: number, type: OutboxType, payload: Record<string, unknown>): ParsedItem => ({
  seq,
  type,
  createdAt: '2026-12-07T10:00:00.000Z',
  payload,
  sent: payload,
});
const opens = (i: ParsedItem) => RECORD_TYPES[i.type].opens?.(i.payload);

describe('a segment: what each record type opens, by its own entry', () => {
  it('a change to a parcel or unit placed before the record that opens it is left to record by record', () => {
    const builder = new SegmentBuilder(
      scope,
      [item(1, 'parcel.weighed', { parcelId: 'P-1' }), item(2, 'parcel.opened', { id: 'P-1' }), item(3, 'unit.received', { lpn: 'AB1' })],
      opens,
    );
    expect(() => builder.parcel('P-1', 1)).toThrow(NotBulkable);
    expect(() => builder.parcel('P-1', 4)).not.toThrow();
    expect(() => builder.unit('AB1', 2, true)).toThrow(NotBulkable);
    expect(() => builder.unit('AB1', 4, true)).not.toThrow();
    // Another parcel or unit of the same id kind is not held back by them.
    expect(() => builder.parcel('P-2', 1)).not.toThrow();
    expect(() => builder.unit('AB2', 1, true)).not.toThrow();
  });

  it('refuses, as it is read, an LPN or container outside the prefixes HQ gave the station', () => {
    // LPN + prefix + the body (10 characters in all), as lpnOf makes them; containers CTN + the same.
    expect(RECORD_TYPES['unit.received'].notYours?.(scope, { lpn: 'LPNAB00000001' })).toBeNull();
    expect(RECORD_TYPES['unit.received'].notYours?.(scope, { lpn: 'LPNZZ00000001' })).toMatch(/LPNZZ00000001 does not carry a prefix/);
    expect(RECORD_TYPES['container.opened'].notYours?.(scope, { id: 'CTNAB00000001' })).toBeNull();
    expect(RECORD_TYPES['container.opened'].notYours?.(scope, { id: 'CTNZZ00000001' })).toMatch(/CTNZZ00000001 does not carry a prefix/);
    expect(RECORD_TYPES['parcel.opened'].notYours).toBeUndefined();
  });
});
