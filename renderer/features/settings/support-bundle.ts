import { strToU8, zipSync } from 'fflate';
import type { StationApi } from '../../../shared/ipc/contract';
import type { StationDb } from '../../db/station-db';
import { stationHealth } from '../../ledger';

/**
 * What support needs to see a station's trouble, as one zip: versions, settings (nothing secret: no HQ
 * token, no PINs), the recent log, devices and their states, sync state, storage use, and the records'
 * counts and audit check. Never the records themselves.
 */
export async function buildSupportBundle(api: StationApi, db: StationDb, now = new Date()): Promise<{ file: Blob; name: string }> {
  const [service, health, estimate, persisted] = await Promise.all([
    api.diagnostics(),
    stationHealth(db),
    navigator.storage?.estimate?.().catch(() => undefined),
    navigator.storage?.persisted?.().catch(() => undefined),
  ]);
  const { logTail, settings, ...rest } = service;
  const page = {
    userAgent: navigator.userAgent,
    language: document.documentElement.lang,
    storage: { usageBytes: estimate?.usage ?? null, quotaBytes: estimate?.quota ?? null, persisted: persisted ?? null },
    database: health,
  };
  const stamp = now.toISOString().slice(0, 19).replace(/:/g, '');
  const zip = zipSync({
    'README.txt': strToU8(
      `Support bundle of station ${service.app.name} ${service.app.version} (${service.app.mode}), made ${now.toISOString()}.\nsystem.json: versions, devices, sync, disk and updates. page.json: storage and records (counts only). settings.json: settings without secrets. station.log: recent log.\n`,
    ),
    'system.json': strToU8(JSON.stringify({ madeAt: now.toISOString(), ...rest }, null, 2)),
    'page.json': strToU8(JSON.stringify(page, null, 2)),
    'settings.json': strToU8(JSON.stringify(settings, null, 2)),
    'station.log': strToU8(logTail),
  });
  const stationId = (settings as { station?: { id?: string } })?.station?.id ?? 'station';
  return { file: new Blob([zip], { type: 'application/zip' }), name: `support-${stationId}-${stamp}.zip` };
}
