import type pg from 'pg';
import type { ErrorCode } from '../../../shared/errors';
import { RecordRefused } from '../errors';
import type { PushScope } from './scope';

/** What a station records and may change afterwards: one id is one record in a warehouse. */
export type OwnedKind = 'parcel' | 'unit' | 'exception' | 'refund' | 'task' | 'container';

export interface Owner {
  station_id: string;
  install_id: string | null;
  /** The row's partition key: where the typed row is found. */
  at: Date;
}

/** What HQ itself records (a refund conflict): no station may change it. */
export const HQ_OWNER = '#HQ';

export const isMine = (scope: PushScope, o: Owner) => o.station_id === scope.stationId && (o.install_id === null || o.install_id === scope.installId);

export async function ownerOf(client: pg.ClientBase, scope: PushScope, kind: OwnedKind, id: string): Promise<Owner | null> {
  const r = await client.query<Owner>({
    name: 'owner-of',
    text: 'select station_id, install_id, at from record_owners where warehouse_id = $1 and kind = $2 and id = $3',
    values: [scope.warehouseId, kind, id],
  });
  return r.rows[0] ?? null;
}

const notYours = (kind: OwnedKind, id: string, o: Owner) =>
  new RecordRefused(
    'not_your_record',
    `${kind} ${id} was recorded by ${o.station_id === HQ_OWNER ? 'HQ' : `station ${o.station_id}`}${o.station_id === HQ_OWNER ? '' : ' (or another enrolment of it)'}: this station may change only what it recorded`,
  );

/** The owner of a row this record changes: it must exist (else `missing`) and be this station's. */
export async function mine(client: pg.ClientBase, scope: PushScope, kind: OwnedKind, id: string, missing: ErrorCode, what: string): Promise<Owner> {
  const o = await ownerOf(client, scope, kind, id);
  if (!o) throw new RecordRefused(missing, what);
  if (!isMine(scope, o)) throw notYours(kind, id, o);
  return o;
}

/** A row this record names without changing it: if HQ holds it, it must be this station's. */
export async function mineIfHeld(client: pg.ClientBase, scope: PushScope, kind: OwnedKind, id: string): Promise<Owner | null> {
  const o = await ownerOf(client, scope, kind, id);
  if (o && !isMine(scope, o)) throw notYours(kind, id, o);
  return o;
}

/**
 * Takes an id for this station: null when it is new, or its owner when this station already recorded it (a
 * repeat). Another station's id is refused.
 */
export async function claim(client: pg.ClientBase, scope: PushScope, kind: OwnedKind, id: string, at: string): Promise<Owner | null> {
  const r = await client.query({
    name: 'claim',
    text: 'insert into record_owners (warehouse_id, kind, id, station_id, install_id, at) values ($1, $2, $3, $4, $5, $6) on conflict do nothing',
    values: [scope.warehouseId, kind, id, scope.stationId, scope.installId, at],
  });
  if (r.rowCount) return null;
  const o = (await ownerOf(client, scope, kind, id))!;
  if (!isMine(scope, o)) throw notYours(kind, id, o);
  return o;
}
