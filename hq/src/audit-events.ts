import type pg from 'pg';
import type { z } from 'zod';
import { hashAuditEvent, type AuditEvent } from '../../shared/audit/audit-event';
import type { PushRequestSchema } from '../../shared/sync/protocol';
import type { Scope } from './apply';
import { PushRefused } from './push-refused';

type Pushed = z.output<typeof PushRequestSchema>['audit'][number];

const isWhole = (e: Pushed): e is AuditEvent => 'at' in e;

/**
 * The pushed audit chain checked against the head HQ holds: each new event must come next, link to the one
 * before, and — when the station sent it whole — hash to what it says. A station's chain changed after HQ
 * saw it, or an event changed on the way, is refused. Returns the new head and the whole events to keep.
 */
export function continueAuditChain(head: { seq: number; hash: string | null }, pushed: readonly Pushed[]): { head: { seq: number; hash: string | null }; events: AuditEvent[] } {
  let { seq, hash } = head;
  const events: AuditEvent[] = [];
  for (const link of [...pushed].sort((a, b) => a.seq - b.seq)) {
    if (link.seq <= seq) continue;
    if (link.seq !== seq + 1 || (hash !== null && link.prevHash !== hash)) {
      throw new PushRefused(409, 'audit_chain_broken', `The station's audit chain does not continue from event ${seq} that HQ holds: it was changed on the station.`, { auditHeadSeq: seq });
    }
    if (isWhole(link)) {
      const { hash: claimed, ...content } = link;
      if (hashAuditEvent(content) !== claimed) {
        throw new PushRefused(409, 'audit_chain_broken', `The station's audit event ${link.seq} does not match its own hash: it was changed after it was written.`, { auditHeadSeq: seq });
      }
      events.push(link);
    }
    seq = link.seq;
    hash = link.hash;
  }
  return { head: { seq, hash }, events };
}

/** Keeps new audit events whole, in one statement; an event already kept (a repeated push) is kept once. */
export async function keepAuditEvents(client: pg.ClientBase, scope: Scope, installId: string, events: AuditEvent[]) {
  await client.query({
    name: 'keep-audit-events',
    text: `insert into audit_events (warehouse_id, station_id, install_id, seq, at, who, action, entity, entity_id, before, after, prev_hash, hash)
           select $1, $2, $3, (e->>'seq')::bigint, (e->>'at')::timestamptz, e->>'who', e->>'action', e->>'entity', e->>'entityId', e->'before', e->'after', e->>'prevHash', e->>'hash'
           from jsonb_array_elements($4::jsonb) as e
           on conflict do nothing`,
    values: [scope.warehouseId, scope.stationId, installId, JSON.stringify(events)],
  });
}
