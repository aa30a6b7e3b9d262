import type pg from 'pg';
import type { EnrolRequest, EnrolResponse } from '../../shared/sync/protocol';
import { formatToken, newSecret, sha256Hex } from './auth';
import { inTransaction } from './db';
import { HqError } from './errors';

/**
 * Three base-36 characters from one company-wide sequence: unique across every warehouse. Prefixes
 * starting with Z are never given out: a station that was never enrolled uses those (shared/sync/lpn-prefix.ts).
 */
export async function nextLpnPrefix(client: pg.ClientBase): Promise<string> {
  const n = Number((await client.query<{ n: string }>("select nextval('lpn_prefix_seq') as n")).rows[0]!.n);
  if (n >= 35 * 36 * 36) throw new Error('LPN prefixes are used up');
  return n.toString(36).toUpperCase().padStart(3, '0');
}

/**
 * Trades a one-time enrolment code for the station's token, bound to the install that asked. A new install
 * starts a new sequence space (its cursor at 0): a cleared station re-enrols and never has its new records
 * skipped as "already applied". The code works once, and only until it expires or the station is revoked.
 * A station id another install holds (not revoked) is taken over only when asked to (`replace`): two PCs
 * are never both STATION-01 by accident.
 */
export async function enrol(pool: pg.Pool, req: EnrolRequest): Promise<EnrolResponse> {
  return inTransaction(pool, async (client) => {
    const codeHash = sha256Hex(req.code.trim().toUpperCase());
    const code = (
      await client.query(
        'select 1 from enrolment_codes where warehouse_id = $1 and station_id = $2 and code_hash = $3 and used_at is null and revoked_at is null and expires_at > now() for update',
        [req.warehouseId, req.stationId, codeHash],
      )
    ).rowCount;
    if (!code)
      throw new HqError(
        'enrolment_refused',
        'That enrolment code is not valid for this warehouse and station (wrong, used, revoked or expired): ask HQ for a new one.',
      );
    const station = (
      await client.query<{ install_id: string | null; token_hash: string | null; revoked_at: Date | null; last_push_at: Date | null }>(
        'select install_id, token_hash, revoked_at, last_push_at from stations where warehouse_id = $1 and station_id = $2 for update',
        [req.warehouseId, req.stationId],
      )
    ).rows[0];
    const heldElsewhere = station?.token_hash && !station.revoked_at && station.install_id && station.install_id !== req.installId;
    if (heldElsewhere && !req.replace) {
      const last = station.last_push_at ? ` (its last push: ${station.last_push_at.toISOString()})` : '';
      throw new HqError(
        'station_taken',
        `${req.stationId} of ${req.warehouseId} is enrolled on another computer${last}. Give this station another id, or — to replace that computer on purpose — confirm replacing it: the other one then stops sending.`,
        { lastPushAt: station.last_push_at?.toISOString() ?? null },
      );
    }
    await client.query('update enrolment_codes set used_at = now() where warehouse_id = $1 and station_id = $2 and code_hash = $3', [
      req.warehouseId,
      req.stationId,
      codeHash,
    ]);
    const secret = newSecret(32);
    // Every enrolment gets a new LPN prefix: a cleared station starts its LPN counter over, and its new
    // LPNs must never repeat one it printed before.
    const lpnPrefix = await nextLpnPrefix(client);
    await client.query(
      // The cursor and the audit head belong to the install: the same install enrolled again (its token lost)
      // carries on where it was; another install starts from nothing.
      `update stations set token_hash = $3, enrolled_at = now(), revoked_at = null, lpn_prefix = $5,
         last_seq = case when install_id = $4 then last_seq else 0 end,
         audit_head_seq = case when install_id = $4 then audit_head_seq else 0 end,
         audit_head_hash = case when install_id = $4 then audit_head_hash else null end,
         audit_whole = case when install_id = $4 then audit_whole else false end,
         install_id = $4
       where warehouse_id = $1 and station_id = $2`,
      [req.warehouseId, req.stationId, sha256Hex(secret), req.installId, lpnPrefix],
    );
    await client.query('insert into lpn_prefixes (lpn_prefix, warehouse_id, station_id, install_id) values ($1, $2, $3, $4)', [
      lpnPrefix,
      req.warehouseId,
      req.stationId,
      req.installId,
    ]);
    return { token: formatToken(req.warehouseId, req.stationId, secret), warehouseId: req.warehouseId, stationId: req.stationId, lpnPrefix };
  });
}
