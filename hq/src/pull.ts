import type pg from 'pg';
import type { PullResponse } from '../../shared/sync/protocol';
import { inTransaction } from './db';

/** `<epoch>:<xid>:<kind>:<key>`; empty for the start. */
function parseCheckpoint(text: string): { epoch: number; xid: string; kind: string; key: string } | null {
  const m = /^(\d+):(\d+):([a-zA-Z]*):(.*)$/s.exec(text);
  return m ? { epoch: Number(m[1]), xid: m[2]!, kind: m[3]!, key: m[4]! } : null;
}

/**
 * One page of the warehouse's reference data after a checkpoint, in transaction-id order. Only rows
 * written by transactions older than every transaction still running are served, so a row committed
 * late by a slow writer is never skipped by a checkpoint that moved past it. A checkpoint from an older
 * epoch (HQ rebuilt the data) starts the station over, with `reset`. What other stations received for the
 * warehouse's returns (`returnReceipts`) and exceptions resolved at HQ (`exceptionResolution`) come only to a
 * station that asks for them (an older one would not read them).
 */
export async function pullPage(
  pool: pg.Pool,
  warehouseId: string,
  checkpoint: string,
  limit: number,
  extra: ReadonlySet<string> = new Set(),
): Promise<PullResponse> {
  return inTransaction(
    pool,
    async (client) => {
      const epoch =
        (await client.query<{ ref_epoch: number }>('select ref_epoch from warehouses where warehouse_id = $1', [warehouseId])).rows[0]?.ref_epoch ?? 1;
      const cp = parseCheckpoint(checkpoint);
      const reset = checkpoint !== '' && (!cp || cp.epoch !== epoch);
      const from = cp && !reset ? cp : { xid: '0', kind: '', key: '' };
      const rows = (
        await client.query<{ kind: string; key: string; body: unknown; deleted: boolean; xid: string }>(
          `select kind, key, body, deleted, xid::text as xid from reference_rows
           where warehouse_id = $1 and (xid, kind, key) > ($2::xid8, $3, $4) and xid < pg_snapshot_xmin(pg_current_snapshot())
             and ($6 or kind <> 'returnReceipts') and ($7 or kind <> 'exceptionResolution')
           order by xid, kind, key limit $5`,
          [warehouseId, from.xid, from.kind, from.key, limit + 1, extra.has('receipts'), extra.has('resolutions')],
        )
      ).rows;
      const page = rows.slice(0, limit);
      const lastRow = page.at(-1);
      return {
        rows: page.map((r) =>
          r.deleted ? { kind: r.kind as never, key: r.key, deleted: true as const } : ({ kind: r.kind, key: r.key, deleted: false, body: r.body } as never),
        ),
        checkpoint: lastRow ? `${epoch}:${lastRow.xid}:${lastRow.kind}:${lastRow.key}` : `${epoch}:${from.xid}:${from.kind}:${from.key}`,
        reset,
        more: rows.length > limit,
      };
    },
    'begin isolation level repeatable read read only',
  );
}
