import { describe, expect, it } from 'vitest';
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import { dressReturn } from '../../test/helpers/returns';
import { receiveParcel, seed, takeItem } from '../../test/helpers/receive-flow';
import { useStationDbs } from '../../test/helpers/station-db';
import { exportStation, importStation, inspectBackup } from './backup';
import { addPhoto, markPhotoUploaded, pruneUploadedPhotos, verifyAuditChain } from './index';

const stationDbs = useStationDbs();
const manager = { who: 'M001' };
const settings = { station: { id: 'STATION-07', name: 'Dock 7', warehouseId: 'WH-SH' } };

/** A station with a received unit, a photo, audit and outbox rows. */
async function busyStation() {
  const db = stationDbs.fresh();
  const [dress] = await seed(db, dressReturn({ lines: [dressReturn().lines[0]!] }));
  const parcel = await receiveParcel(db, 'SF1234567890123', [dress!], 455);
  await addPhoto(
    db,
    { who: 'clerk-7' },
    { parcelId: parcel.id, target: { kind: 'parcel' }, blob: new Blob([new Uint8Array([0xff, 0xd8, 1, 2, 3, 0xff, 0xd9])], { type: 'image/jpeg' }) },
  );
  await takeItem(db, parcel.id, dress!, { rmaNo: dress!.rmaNo, raw: '6901234567892', lineId: 'L1', match: 'matched' });
  return db;
}

async function rewrite(file: Blob, change: (files: Record<string, Uint8Array>) => void) {
  const files = unzipSync(new Uint8Array(await file.arrayBuffer()));
  change(files);
  return new Blob([zipSync(files)]);
}

describe('moving a station: export and import', () => {
  it('a backup imported on a new machine holds every table, photos included, with the chain verified and identities continuing', async () => {
    const from = await busyStation();
    const { file, manifest } = await exportStation(from, manager, { stationId: 'STATION-07', settings });
    expect(manifest).toMatchObject({ stationId: 'STATION-07', exportedBy: 'M001', counts: { units: 1, photos: 1, parcels: 1 } });
    expect(manifest.unsentRecords).toBeGreaterThan(0);

    const to = stationDbs.fresh();
    const summary = await importStation(to, { who: 'system' }, file);
    expect(summary.settings).toEqual(settings);
    for (const table of from.tables) {
      if (table.name === 'auditEvents' || table.name === 'photos') continue;
      expect(await to.table(table.name).toArray(), table.name).toEqual(await table.toArray());
    }
    const [photo] = await to.photos.toArray();
    expect(new Uint8Array(await photo!.blob.arrayBuffer())).toEqual(new Uint8Array([0xff, 0xd8, 1, 2, 3, 0xff, 0xd9]));
    expect(photo!.blob.type).toBe('image/jpeg');
    // The chain came whole, and the import is its next link.
    expect(await verifyAuditChain(to)).toBeNull();
    const events = await to.auditEvents.orderBy('seq').toArray();
    expect(events.slice(0, -1)).toEqual(await from.auditEvents.orderBy('seq').toArray());
    expect(events.at(-1)).toMatchObject({ action: 'station.imported', entityId: 'STATION-07' });
    // The counters moved too: the next LPN and outbox sequence continue, never repeat.
    expect(await to.meta.toArray()).toEqual(await from.meta.toArray());
  });

  it('a backup whose audit chain was edited, or whose database does not match its manifest, is refused and nothing is replaced', async () => {
    const from = await busyStation();
    const { file } = await exportStation(from, manager, { stationId: 'STATION-07', settings });
    const to = await busyStation();
    const before = await to.units.toArray();

    const edited = await rewrite(file, (files) => {
      expect(strFromU8(files['database.json']!)).toContain('"action":"parcel.open"');
      files['database.json'] = strToU8(strFromU8(files['database.json']!).replace('"action":"parcel.open"', '"action":"parcel.opem"'));
    });
    await expect(importStation(to, manager, edited, { insist: true })).rejects.toMatchObject({ code: 'backup_invalid' });

    const chainEdited = await rewrite(file, (files) => {
      const db = strFromU8(files['database.json']!).replace('"action":"parcel.open"', '"action":"parcel.opem"');
      files['database.json'] = strToU8(db);
      const manifest = JSON.parse(strFromU8(files['manifest.json']!));
      manifest.databaseSha256 = bytesToHex(sha256(files['database.json']!));
      files['manifest.json'] = strToU8(JSON.stringify(manifest));
    });
    await expect(inspectBackup(chainEdited)).rejects.toMatchObject({ code: 'audit_chain_broken' });
    await expect(importStation(to, manager, chainEdited, { insist: true })).rejects.toMatchObject({ code: 'audit_chain_broken' });

    await expect(importStation(to, manager, new Blob(['not a zip']))).rejects.toMatchObject({ code: 'backup_invalid' });
    expect(await to.units.toArray()).toEqual(before);
  });

  it('a station with records HQ has not received is not replaced unless a manager insists; a clerk may not', async () => {
    const from = await busyStation();
    const { file } = await exportStation(from, manager, { stationId: 'STATION-07', settings });
    const to = await busyStation();
    await expect(importStation(to, manager, file)).rejects.toMatchObject({ code: 'unsent_records' });
    await expect(importStation(to, { who: 'clerk-7' }, file, { insist: true })).rejects.toMatchObject({ code: 'manager_required' });
    await importStation(to, manager, file, { insist: true });
    expect(await to.units.count()).toBe(1);
  });

  it('a clerk cannot export a station that has a manager; a broken chain is never exported', async () => {
    const db = await busyStation();
    await expect(exportStation(db, { who: 'clerk-7' }, { stationId: 'S', settings })).rejects.toMatchObject({ code: 'manager_required' });
    const first = (await db.auditEvents.orderBy('seq').first())!;
    await db.auditEvents.put({ ...first, who: 'someone-else' });
    await expect(exportStation(db, manager, { stationId: 'S', settings })).rejects.toMatchObject({ code: 'audit_chain_broken' });
  });
});

describe('freeing space', () => {
  it('removes only photos HQ already holds that are older than the limit; a clerk may not; it is audited', async () => {
    const db = await busyStation();
    const parcel = (await db.parcels.toArray())[0]!;
    const recent = await addPhoto(
      db,
      { who: 'clerk-7' },
      { parcelId: parcel.id, target: { kind: 'parcel' }, blob: new Blob([new Uint8Array([9, 9, 9])]), now: new Date('2026-11-24T05:00:00Z') },
    );
    const [old] = (await db.photos.toArray()).filter((p) => p.sha256 !== recent);
    await db.photos.update(old!.sha256, { takenAt: '2026-09-01T00:00:00.000Z' });
    const notSent = await addPhoto(
      db,
      { who: 'clerk-7' },
      { parcelId: parcel.id, target: { kind: 'parcel' }, blob: new Blob([new Uint8Array([7])]), now: new Date('2026-09-01T00:00:00Z') },
    );
    await markPhotoUploaded(db, old!.sha256, new Date('2026-09-02T00:00:00Z'));
    await markPhotoUploaded(db, recent, new Date('2026-11-24T06:00:00Z'));
    const now = new Date('2026-11-24T06:00:00Z');
    await expect(pruneUploadedPhotos(db, { who: 'clerk-7' }, { olderThanDays: 30, now })).rejects.toMatchObject({ code: 'manager_required' });
    expect(await pruneUploadedPhotos(db, manager, { olderThanDays: 30, now })).toBe(1);
    const left = (await db.photos.toArray()).map((p) => p.sha256);
    expect(left).toContain(recent);
    expect(left).not.toContain(old!.sha256);
    // Taken long ago but not yet at HQ: kept.
    expect(left).toContain(notSent);
    const pruned = (await db.auditEvents.orderBy('seq').last())!;
    expect(pruned).toMatchObject({ action: 'photos.pruned', after: { count: 1, sha256: [old!.sha256] } });
    // The station itself prunes when space runs low; with nothing left to remove it records nothing.
    expect(await pruneUploadedPhotos(db, { who: 'system' }, { olderThanDays: 30, now })).toBe(0);
    expect((await db.auditEvents.orderBy('seq').last())!.seq).toBe(pruned.seq);
  });
});
