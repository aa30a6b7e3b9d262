import { StationError } from '../../shared/errors';
import type { ExceptionDraft } from '../../shared/returns';
import type { ExceptionRow, StationDb } from '../db/station-db';
import type { OutboxItem } from './record-action';

export const newId = () => crypto.randomUUID();
export const iso = (d: Date) => d.toISOString();

/**
 * The tables an action that settles a return reads or writes. Dexie needs every table a transaction
 * touches named up front, reads included.
 */
export const RECEIVING_TABLES = [
  'parcels',
  'units',
  'exceptions',
  'refundDecisions',
  'expectedReturns',
  'policies',
  'printJobs',
  'photos',
] as const satisfies readonly (keyof StationDb & string)[];

export function exceptionRow(draft: ExceptionDraft, at: string, where: { parcelId: string; rmaNo?: string | null | undefined; lpn?: string }): ExceptionRow {
  return {
    id: newId(),
    kind: draft.kind,
    status: 'open',
    details: draft.details,
    createdAt: at,
    parcelId: where.parcelId,
    ...(where.rmaNo ? { rmaNo: where.rmaNo } : {}),
    ...(where.lpn ? { lpn: where.lpn } : {}),
    ...(draft.lineId ? { lineId: draft.lineId } : {}),
  };
}

/** Every exception a station raises reaches HQ, with the id its resolution will name later. */
export const exceptionRaised = (x: ExceptionRow): OutboxItem => ({ type: 'exception.raised', payload: x });

/** Adds the exceptions and returns their outbox rows. */
export async function raiseExceptions(db: StationDb, rows: ExceptionRow[]): Promise<OutboxItem[]> {
  for (const row of rows) await db.exceptions.add(row);
  return rows.map(exceptionRaised);
}

/**
 * Inside a ledger transaction (with `users`): the actor must be a manager known on this station. The UI
 * asks for a manager session or PIN; this makes sure no caller records a manager's decision without one.
 */
export async function requireManager(db: StationDb, actor: { who: string }): Promise<void> {
  const user = await db.users.get(actor.who);
  if (user?.role !== 'manager') throw new StationError('manager_required', `${actor.who} is not a manager on this station: a manager decides this.`);
}
