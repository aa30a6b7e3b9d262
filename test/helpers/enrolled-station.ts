import type pg from 'pg';
import { createHqLink } from '../../electron/services/hq/hq-link';
import { issueEnrolmentCode } from '../../hq/src/admin';
import type { StationDb } from '../../renderer/db/station-db';
import { installId, setLpnPrefix } from '../../renderer/ledger';

export type HqLink = ReturnType<typeof createHqLink>;

/** A station's store enrolled at a real HQ through its own HQ link, as Settings → HQ does, its LPN prefix taken. */
export async function enrolStation(
  db: StationDb,
  hq: { pool: pg.Pool; url: string },
  where: { warehouseId: string; stationId: string; dataDir: string },
): Promise<HqLink> {
  const link = createHqLink({ dataDir: where.dataDir, baseUrl: () => hq.url, timeoutMs: 4000 });
  const status = await link.enrol({
    warehouseId: where.warehouseId,
    stationId: where.stationId,
    code: await issueEnrolmentCode(hq.pool, where.warehouseId, where.stationId),
    installId: await installId(db),
  });
  await setLpnPrefix(db, status.lpnPrefix!);
  return link;
}

/** HQ as the sync engine sees it through the station's link (what the Node side gives the page). */
export const engineApi = (link: HqLink) => ({
  hqStatus: () => link.status(),
  hqPush: (b: Parameters<HqLink['push']>[0]) => link.push(b),
  hqPull: ({ checkpoint }: { checkpoint: Parameters<HqLink['pull']>[0] }) => link.pull(checkpoint),
  hqPutBlobPart: (p: Parameters<HqLink['putBlobPart']>[0]) => link.putBlobPart(p),
});
