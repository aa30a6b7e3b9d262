import { describe, expect, it } from 'vitest';
import { useStationDbs } from '../../test/helpers/station-db';
import { dressReturn } from '../../test/helpers/returns';
import { receiveParcel, seed } from '../../test/helpers/receive-flow';
import { addPhoto } from './parcels';
import { AuditEventSchema, hashAuditEvent } from '../../shared/audit/audit-event';
import { auditEventsAfter, markPhotoUploaded, photosToUpload, pruneAcknowledged } from './sync-state';

const dbs = useStationDbs();
const day = 86_400_000;
const now = Date.parse('2026-11-24T06:00:00.000Z');

async function outbox(ageDays: number[], ackSeq: number) {
  const db = dbs.fresh();
  await db.outbox.bulkAdd(
    ageDays.map((age, i) => ({ seq: i + 1, type: 'parcel.opened', v: 1, payload: {}, createdAt: new Date(now - age * day).toISOString(), attempts: 0 })),
  );
  await db.meta.bulkPut([
    { key: 'ackSeq', value: ackSeq },
    { key: 'outboxSeq', value: ageDays.length },
  ]);
  return db;
}
const seqs = async (db: Awaited<ReturnType<typeof outbox>>) => (await db.outbox.toCollection().primaryKeys()).map(Number);

describe('pruning the acknowledged outbox', () => {
  it('removes only records HQ acknowledged that are older than the cutoff', async () => {
    const db = await outbox([10, 9, 8, 1, 0], 4);
    await pruneAcknowledged(db, new Date(now - 7 * day));
    expect(await seqs(db)).toEqual([4, 5]);
    const notAcked = await outbox([10, 9, 8, 1], 2);
    await pruneAcknowledged(notAcked, new Date(now - 7 * day));
    expect(await seqs(notAcked)).toEqual([3, 4]);
  });

  it('stops at the first recent record: one written under a clock set back waits, never goes early', async () => {
    const db = await outbox([10, 1, 10, 0], 4);
    await pruneAcknowledged(db, new Date(now - 7 * day));
    expect(await seqs(db)).toEqual([2, 3, 4]);
  });

  it('prunes a long history a bounded number at a time', async () => {
    const db = await outbox(
      Array.from({ length: 30 }, () => 10),
      30,
    );
    await pruneAcknowledged(db, new Date(now - 7 * day), 12);
    expect(await seqs(db)).toHaveLength(18);
    await pruneAcknowledged(db, new Date(now - 7 * day), 12);
    await pruneAcknowledged(db, new Date(now - 7 * day), 12);
    expect(await seqs(db)).toEqual([]);
  });
});

describe('photos waiting for HQ', () => {
  it('are found by their index until HQ holds them, then no more', async () => {
    const db = dbs.fresh();
    const [dress] = await seed(db, dressReturn());
    const parcel = await receiveParcel(db, dress!.rmaNo, [dress!]);
    const photo = (byte: number) =>
      addPhoto(db, { who: 'clerk-7' }, { parcelId: parcel.id, target: { kind: 'parcel' }, blob: new Blob([new Uint8Array([byte])]) });
    const [a, b] = [await photo(1), await photo(2)];
    expect((await photosToUpload(db, 10)).map((p) => p.sha256).sort()).toEqual([a, b].sort());
    expect(await db.photos.where('toUpload').equals(1).count()).toBe(2);
    await markPhotoUploaded(db, a, new Date(now));
    expect((await photosToUpload(db, 10)).map((p) => p.sha256)).toEqual([b]);
    const uploaded = await db.photos.get(a);
    expect(uploaded).toMatchObject({ uploadedAt: new Date(now).toISOString() });
    expect(uploaded).not.toHaveProperty('toUpload');
  });
});

describe('audit events for HQ', () => {
  it('are the ledger’s own events, whole, each passing the check HQ makes; a push takes them within a size, one at least', async () => {
    const db = dbs.fresh();
    const [dress] = await seed(db, dressReturn());
    await receiveParcel(db, dress!.rmaNo, [dress!]);
    const all = await auditEventsAfter(db, 0, 2000, 1_000_000);
    expect(all.length).toBe(await db.auditEvents.count());
    expect(all.map((e) => e.seq)).toEqual(all.map((_, i) => i + 1));
    for (const event of all) {
      const { hash, ...content } = AuditEventSchema.parse(JSON.parse(JSON.stringify(event)));
      expect(hashAuditEvent(content), `event ${event.seq}`).toBe(hash);
    }
    expect((await auditEventsAfter(db, 2, 2000, 1_000_000)).map((e) => e.seq)[0]).toBe(3);
    expect(await auditEventsAfter(db, 0, 2000, 1)).toHaveLength(1);
    const two = JSON.stringify(all[0]).length + JSON.stringify(all[1]).length;
    expect(await auditEventsAfter(db, 0, 2000, two)).toHaveLength(2);
    expect(await auditEventsAfter(db, 0, 2, 1_000_000)).toHaveLength(2);
  });
});
