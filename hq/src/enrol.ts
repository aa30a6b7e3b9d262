import type pg from 'pg';
import type { EnrolRequest, EnrolResponse } from '../../shared/sync/protocol';
import { formatToken, newSecret, sha256Hex } from './auth';
import { inTransaction } from './db';
import { PushRefused } from './push-refused';

/**
 * Trades a one-time enrolment code for the station's token, bound to the install that asked. A new
 * install starts a new sequence space (its cursor at 0): a cleared station re-enrols and never has its
 * new records skipped as "already applied". The code works once, and only until it expires.
 */
/**
 * Three base-36 characters from one company-wide sequence: unique across every warehouse. Prefixes
 * starting with Z are never given out: a station that was never enrolled uses those.
 */
export async function nextLpnPrefix(client: pg.ClientBase): Promise<string> {
  const n = Number((await client.query<{ n: string }>("select nextval('lpn_prefix_seq') as n")).rows[0]!.n);
  if (n >= 35 * 36 * 36) throw new Error('LPN prefixes are used up');
  return n.toString(36).toUpperCase().padStart(3, '0');
}

export async function enrol(pool: pg.Pool, req: EnrolRequest): Promise<EnrolResponse> {
  return inTransaction(pool, async (client) => {
    const code = (
      await client.query(
        'select 1 from enrolment_codes where warehouse_id = $1 and station_id = $2 and code_hash = $3 and used_at is null and expires_at > now() for update',
        [req.warehouseId, req.stationId, sha256Hex(req.code.trim().toUpperCase())],
      )
    ).rowCount;
    if (!code) throw new PushRefused(403, 'enrolment_refused', 'That enrolment code is not valid for this warehouse and station (wrong, used or expired): ask HQ for a new one.');
    await client.query('update enrolment_codes set used_at = now() where warehouse_id = $1 and station_id = $2 and code_hash = $3', [req.warehouseId, req.stationId, sha256Hex(req.code.trim().toUpperCase())]);
    const secret = newSecret(32);
    // Every enrolment gets a new LPN prefix: a cleared station starts its LPN counter over, and its new
    // LPNs must never repeat one it printed before.
    const lpnPrefix = await nextLpnPrefix(client);
    await client.query(
      `update stations set token_hash = $3, install_id = $4, lpn_prefix = $5, enrolled_at = now(), revoked_at = null, last_seq = 0, audit_head_seq = 0, audit_head_hash = null
       where warehouse_id = $1 and station_id = $2`,
      [req.warehouseId, req.stationId, sha256Hex(secret), req.installId, lpnPrefix],
    );
    const station = { lpn_prefix: lpnPrefix };
    return { token: formatToken(req.warehouseId, req.stationId, secret), warehouseId: req.warehouseId, stationId: req.stationId, lpnPrefix: station.lpn_prefix };
  });
}
