import { describe, expect, it } from 'vitest';
import { parseReferenceFile } from '../../../shared/reference/import';
import { sampleReference } from '../../../shared/reference/sample-data';
import { useStationDbs } from '../../../test/helpers/station-db';
import { applyReferenceImport, referenceCounts, verifyAuditChain } from '../../ledger';

const stationDbs = useStationDbs();
const sample = () => parseReferenceFile('sample.json', JSON.stringify(sampleReference(new Date('2026-11-24T06:00:00Z'))));

describe('reference data import', () => {
  it('applies a checked import whole, audited, and finds returns by tracking number and order', async () => {
    const db = stationDbs.fresh();
    expect(await applyReferenceImport(db, { who: 'manager-1' }, sample(), 'sample.json')).toEqual({ expectedReturns: 9, catalog: 12, policies: 2, users: 3 });
    expect(await referenceCounts(db)).toEqual({ expectedReturns: 9, catalog: 12, policies: 2, users: 3 });
    expect((await db.expectedReturns.where('trackingNumbers').equals('SF1234567890123').first())?.rmaNo).toBe('RMA-2026A0001');
    expect((await db.expectedReturns.where('orderNo').equals('JD2026112200017').first())?.rmaNo).toBe('RMA-2026A0002');
    expect((await db.auditEvents.toArray()).map((e) => [e.action, e.who, e.entityId])).toEqual([['reference.import', 'manager-1', 'sample.json']]);
    expect(await verifyAuditChain(db)).toBeNull();
  });

  it('importing the same file again replaces, never doubles', async () => {
    const db = stationDbs.fresh();
    await applyReferenceImport(db, { who: 'm' }, sample(), 'sample.json');
    await applyReferenceImport(db, { who: 'm' }, sample(), 'sample.json');
    expect(await referenceCounts(db)).toEqual({ expectedReturns: 9, catalog: 12, policies: 2, users: 3 });
  });

  it('a file with problems changes nothing', async () => {
    const db = stationDbs.fresh();
    const bad = parseReferenceFile('catalog.csv', 'gtin,sku,name,category,priceMinor,currency\n6901234567892,A,a,x,-5,CNY\n');
    await expect(applyReferenceImport(db, { who: 'm' }, bad, 'catalog.csv')).rejects.toThrow('catalog.csv has 1 problem(s): nothing was imported.');
    expect(await referenceCounts(db)).toEqual({ expectedReturns: 0, catalog: 0, policies: 0, users: 0 });
    expect(await db.auditEvents.count()).toBe(0);
  });
});
