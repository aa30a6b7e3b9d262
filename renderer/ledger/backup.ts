import { exportDB, importInto } from 'dexie-export-import';
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import { z } from 'zod';
import { StationError } from '../../shared/errors';
import Dexie from 'dexie';
import { StationDb } from '../db/station-db';
import { requireManager } from './common';
import { recordUserAction, type Actor } from './record-action';
import { verifyAuditChain } from './audit-chain';
import { syncCursor } from './sync-state';

/**
 * Moving a station: its whole database (every table, photos included) in one file, checked before it
 * leaves and before it replaces anything. The file is a zip of `manifest.json`, `database.json` (Dexie's
 * own export format, which carries Blobs) and `settings.json`.
 */
export const BACKUP_FORMAT = 'returns-station-backup';

const ManifestSchema = z.object({
  format: z.literal(BACKUP_FORMAT),
  version: z.literal(1),
  stationId: z.string(),
  exportedAt: z.string(),
  exportedBy: z.string(),
  dbVersion: z.number(),
  counts: z.record(z.string(), z.number()),
  auditHead: z.object({ seq: z.number(), hash: z.string() }).nullable(),
  /** Records not yet acknowledged by HQ: they go from the new machine. */
  unsentRecords: z.number(),
  databaseSha256: z.string().regex(/^[0-9a-f]{64}$/),
});
export type BackupManifest = z.infer<typeof ManifestSchema>;

export interface BackupSummary {
  manifest: BackupManifest;
  settings: unknown;
}

async function unsentCount(db: StationDb) {
  const { ackSeq } = await syncCursor(db);
  return db.outbox.where('seq').above(ackSeq).count();
}

/** The station's database and settings as one file. Refused when the audit chain does not verify. */
export async function exportStation(
  db: StationDb,
  actor: Actor,
  input: { stationId: string; settings: unknown; now?: Date },
): Promise<{ file: Blob; manifest: BackupManifest }> {
  if ((await db.users.count()) > 0) await requireManager(db, actor);
  const broken = await verifyAuditChain(db);
  if (broken)
    throw new StationError(
      'audit_chain_broken',
      `The audit chain does not verify at event ${broken.seq} (${broken.problem}): the station cannot be exported.`,
      { seq: broken.seq },
    );
  const now = input.now ?? new Date();
  // Recorded first, so the file holds the record of its own export.
  await recordUserAction(
    db,
    actor,
    [],
    async () => ({ result: undefined, record: { action: 'station.exported', entity: 'station', entityId: input.stationId } }),
    now,
    { whenDayClosed: 'allow' },
  );
  const database = new Uint8Array(await (await exportDB(db, { prettyJson: false })).arrayBuffer());
  const head = await db.auditEvents.orderBy('seq').last();
  const counts: Record<string, number> = {};
  for (const table of db.tables) counts[table.name] = await table.count();
  const manifest: BackupManifest = {
    format: BACKUP_FORMAT,
    version: 1,
    stationId: input.stationId,
    exportedAt: now.toISOString(),
    exportedBy: actor.who,
    dbVersion: db.verno,
    counts,
    auditHead: head ? { seq: head.seq, hash: head.hash } : null,
    unsentRecords: await unsentCount(db),
    databaseSha256: bytesToHex(sha256(database)),
  };
  const zip = zipSync({
    'manifest.json': strToU8(JSON.stringify(manifest, null, 2)),
    'settings.json': strToU8(JSON.stringify(input.settings ?? null, null, 2)),
    // Already compact JSON with base64 photos: stored, not squeezed again, to keep a big export quick.
    'database.json': [database, { level: 0 }],
  });
  return { file: new Blob([zip], { type: 'application/zip' }), manifest };
}

interface Unpacked {
  manifest: BackupManifest;
  settings: unknown;
  database: Uint8Array;
}

function bad(message: string): never {
  throw new StationError('backup_invalid', message);
}

async function unpack(file: Blob): Promise<Unpacked> {
  let files: Record<string, Uint8Array>;
  try {
    files = unzipSync(new Uint8Array(await file.arrayBuffer()));
  } catch {
    bad('This is not a station backup (not a zip file).');
  }
  const text = (name: string) => (files[name] ? strFromU8(files[name]) : bad(`This backup has no ${name}.`));
  let manifestJson: unknown;
  try {
    manifestJson = JSON.parse(text('manifest.json'));
  } catch {
    bad('The backup’s manifest is not readable.');
  }
  const manifest = ManifestSchema.safeParse(manifestJson);
  if (!manifest.success) bad('This is not a station backup, or one from a newer version.');
  const database = files['database.json'] ?? bad('This backup has no database.json.');
  if (bytesToHex(sha256(database)) !== manifest.data.databaseSha256)
    bad('The backup’s database does not match its manifest: the file is damaged or was changed.');
  let settings: unknown = null;
  try {
    settings = JSON.parse(text('settings.json'));
  } catch {
    bad('The backup’s settings are not readable.');
  }
  return { manifest: manifest.data, settings, database };
}

/**
 * The backup's audit chain, checked on the rows as they will be stored: the export encodes what JSON cannot
 * hold (undefined, Blobs, dates) in its own way, so the file is read back by Dexie into a scratch database
 * first, and checked there.
 */
async function verifyBackupChain(database: Uint8Array) {
  const scratch = new StationDb(`returns-station-backup-check-${crypto.randomUUID()}`);
  try {
    await importInto(scratch, asBlob(database), { acceptVersionDiff: true, acceptNameDiff: true, acceptMissingTables: true });
    const head = await scratch.auditEvents.orderBy('seq').last();
    return { broken: await verifyAuditChain(scratch), head: head ? { seq: head.seq, hash: head.hash } : null };
  } catch (err) {
    if (err instanceof StationError) throw err;
    bad('The backup’s database is not readable.');
  } finally {
    scratch.close();
    await Dexie.delete(scratch.name);
  }
}

const asBlob = (bytes: Uint8Array) => new Blob([bytes as Uint8Array<ArrayBuffer>]);

/** What a backup holds, checked (file intact, audit chain verifies), before anything is replaced. */
export async function inspectBackup(file: Blob): Promise<BackupSummary> {
  const { manifest, settings } = await checkedBackup(file);
  return { manifest, settings };
}

async function checkedBackup(file: Blob): Promise<Unpacked> {
  return verifiedChain(await unpack(file));
}

async function verifiedChain(unpacked: Unpacked): Promise<Unpacked> {
  const { broken, head } = await verifyBackupChain(unpacked.database);
  if (broken)
    throw new StationError('audit_chain_broken', `The backup’s audit chain does not verify at event ${broken.seq} (${broken.problem}): it is not imported.`, {
      seq: broken.seq,
    });
  if (head?.hash !== unpacked.manifest.auditHead?.hash) bad('The backup’s audit chain does not end where its manifest says.');
  return unpacked;
}

/**
 * Replaces this station's database with a backup's. Refused when the backup does not verify, when it comes
 * from a newer database version, or when this station still has records HQ has not received — they would
 * be lost — unless a manager insists. Anyone may import into an empty station (a new machine); a station
 * with users needs a manager.
 */
export async function importStation(db: StationDb, actor: Actor, file: Blob, opts: { insist?: boolean } = {}): Promise<BackupSummary> {
  const unpacked = await unpack(file);
  const { database, ...summary } = unpacked;
  if ((await db.users.count()) > 0) await requireManager(db, actor);
  if (summary.manifest.dbVersion > db.verno)
    throw new StationError(
      'backup_invalid',
      `This backup comes from a newer station (database version ${summary.manifest.dbVersion}): update this station first.`,
    );
  const unsent = await unsentCount(db);
  if (unsent > 0 && !opts.insist) {
    throw new StationError(
      'unsent_records',
      `This station still has ${unsent} records HQ has not received: importing would replace them. Let it sync first, or a manager insists.`,
      { count: unsent },
    );
  }
  // The costly check (a scratch import) last, once the cheap refusals have had their say.
  await verifiedChain(unpacked);
  // Put, not add: the import runs table by table, and the station's own background work (its sync engine
  // making sure the store has an install id) may write a row between the clearing and the import — the
  // backup's row wins.
  await importInto(db, asBlob(database), { clearTablesBeforeImport: true, overwriteValues: true, acceptVersionDiff: true, acceptNameDiff: true });
  const broken = await verifyAuditChain(db);
  if (broken)
    throw new StationError('audit_chain_broken', `After the import the audit chain does not verify at event ${broken.seq} (${broken.problem}).`, {
      seq: broken.seq,
    });
  await recordUserAction(
    db,
    actor,
    [],
    async () => ({
      result: undefined,
      record: {
        action: 'station.imported',
        entity: 'station',
        entityId: summary.manifest.stationId,
        after: { exportedAt: summary.manifest.exportedAt, auditHead: summary.manifest.auditHead },
      },
    }),
    undefined,
    { whenDayClosed: 'allow' },
  );
  return summary;
}
