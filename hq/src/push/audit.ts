import type pg from 'pg';
import type { z } from 'zod';
import { hashAuditEvent, type AuditEvent } from '../../../shared/audit/audit-event';
import type { PushRequestSchema } from '../../../shared/sync/protocol';
import { HqError } from '../errors';
import type { PushScope } from './scope';
import { jsonbCanHold, textSafe } from './storable';

type Pushed = z.output<typeof PushRequestSchema>['audit'][number];

const isWhole = (e: Pushed): e is AuditEvent => 'at' in e;

/**
 * The pushed audit chain checked against the head HQ holds: each new event must come next, link to the one
 * before, and — when the station sent it whole — hash to what it says. A station's chain changed after HQ
 * saw it, or an event changed on the way, is refused. An install that has sent its events whole must go on
 * doing so (`wholeBefore`): a station sending only hashes again would be keeping its events from HQ.
 * Returns the new head, the whole events to keep, and whether this push sent any whole.
 */
export function continueAuditChain(
  head: { seq: number; hash: string | null },
  pushed: readonly Pushed[],
  wholeBefore = false,
): { head: { seq: number; hash: string | null }; events: AuditEvent[]; whole: boolean } {
  let { seq, hash } = head;
  let whole = wholeBefore;
  const events: AuditEvent[] = [];
  for (const link of [...pushed].sort((a, b) => a.seq - b.seq)) {
    if (link.seq <= seq) continue;
    if (link.seq !== seq + 1 || (hash !== null && link.prevHash !== hash)) {
      throw new HqError('audit_chain_broken', `The station's audit chain does not continue from event ${seq} that HQ holds: it was changed on the station.`, {
        auditHeadSeq: seq,
      });
    }
    if (isWhole(link)) {
      const { hash: claimed, ...content } = link;
      if (hashAuditEvent(content) !== claimed) {
        throw new HqError('audit_chain_broken', `The station's audit event ${link.seq} does not match its own hash: it was changed after it was written.`, {
          auditHeadSeq: seq,
        });
      }
      events.push(link);
      whole = true;
    } else if (whole) {
      throw new HqError(
        'audit_events_required',
        `This station has sent its audit events whole before; event ${link.seq} came as a hash only. Update the station, or ask HQ's administrator.`,
        { auditHeadSeq: seq },
      );
    }
    seq = link.seq;
    hash = link.hash;
  }
  return { head: { seq, hash }, events, whole };
}

/**
 * Keeps new audit events whole, in one statement; an event already kept (a repeated push) is kept once. An
 * event whose values PostgreSQL cannot hold as JSON is kept as its escaped text (`raw`), its hash checked all the same.
 */
export async function keepAuditEvents(client: pg.ClientBase, scope: PushScope, events: AuditEvent[]) {
  const escaped = (e: AuditEvent, json: string, at = e.at) => ({
    seq: e.seq,
    at,
    who: textSafe(e.who),
    action: textSafe(e.action),
    entity: textSafe(e.entity),
    entityId: textSafe(e.entityId),
    prevHash: e.prevHash,
    hash: e.hash,
    raw: json,
  });
  const kept = events.map((e) => {
    const json = JSON.stringify(e);
    return jsonbCanHold(json) ? e : escaped(e, json);
  });
  await client.query('savepoint keep_audit');
  try {
    await insertAuditEvents(client, scope, kept);
    await client.query('release savepoint keep_audit');
  } catch {
    // A value PostgreSQL still refuses (a time out of its range): each kept alone, the refused one as text.
    await client.query('rollback to savepoint keep_audit');
    for (const [i, e] of kept.entries()) {
      await client.query('savepoint keep_event');
      try {
        await insertAuditEvents(client, scope, [e]);
        await client.query('release savepoint keep_event');
      } catch {
        await client.query('rollback to savepoint keep_event');
        await insertAuditEvents(client, scope, [escaped(events[i]!, JSON.stringify(events[i]), '-infinity')]);
      }
    }
  }
}

async function insertAuditEvents(client: pg.ClientBase, scope: PushScope, kept: unknown[]) {
  await client.query({
    name: 'keep-audit-events',
    text: `insert into audit_events (warehouse_id, station_id, install_id, seq, at, who, action, entity, entity_id, before, after, prev_hash, hash, raw)
           select $1, $2, $3, (e->>'seq')::bigint, (e->>'at')::timestamptz, e->>'who', e->>'action', e->>'entity', e->>'entityId', e->'before', e->'after', e->>'prevHash', e->>'hash', e->>'raw'
           from jsonb_array_elements($4::jsonb) as e
           on conflict do nothing`,
    values: [scope.warehouseId, scope.stationId, scope.installId, JSON.stringify(kept)],
  });
}
