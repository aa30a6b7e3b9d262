import { StationError } from '../../shared/errors';
import type { Checklist } from '../../shared/returns';
import type { ParcelRow, PendingItem, StationDb } from '../db/station-db';

/**
 * The item in hand, saved as it changes so a restart resumes exactly there. Not audited: it is the
 * clerk's scratch until accepted. Every change names the item it is for, so a late save (a slow screen,
 * a camera that took its time) can never bring back an item that was already accepted or dropped.
 */
function changePending(db: StationDb, parcelId: string, change: (parcel: ParcelRow) => PendingItem | undefined | 'unchanged') {
  return db.transaction('rw', db.parcels, async () => {
    const parcel = await db.parcels.get(parcelId);
    if (!parcel || (parcel.status !== 'open' && parcel.status !== 'inspecting')) return;
    const next = change(parcel);
    if (next === 'unchanged') return;
    const row = { ...parcel };
    if (next) row.pending = next;
    else delete row.pending;
    await db.parcels.put(row);
  });
}

/** A scanned item becomes the one in hand; refused while another is being inspected. */
export function startItem(db: StationDb, parcelId: string, item: PendingItem) {
  return changePending(db, parcelId, (parcel) => {
    if (parcel.pending && parcel.pending.id !== item.id) throw new StationError('finish_inspection', 'Finish inspecting the item in hand first (or drop it).');
    return item;
  });
}

/** Changes the item in hand, if it is still that item. */
export function updateItem(db: StationDb, parcelId: string, itemId: string, update: (item: PendingItem) => PendingItem) {
  return changePending(db, parcelId, (parcel) => (parcel.pending?.id === itemId ? update(parcel.pending) : 'unchanged'));
}

/** Drops the item in hand (Esc, #CMD:CANCEL), if it is still that item. */
export function dropItem(db: StationDb, parcelId: string, itemId: string) {
  return changePending(db, parcelId, (parcel) => (parcel.pending?.id === itemId ? undefined : 'unchanged'));
}

/**
 * Answers the first unanswered check. Each answer reads the item as it is now, so keys pressed faster
 * than the screen updates still apply in order, none lost or overwritten.
 */
export function answerNext(db: StationDb, parcelId: string, checklist: Checklist, value: 'yes' | 'no' | 'na') {
  return changePending(db, parcelId, (parcel) => {
    const item = parcel.pending;
    const next = item && checklist.find((c) => item.answers[c.id] === undefined);
    return item && next ? { ...item, answers: { ...item.answers, [next.id]: value } } : 'unchanged';
  });
}

/** Takes back the last answer given (Backspace). */
export function unanswerLast(db: StationDb, parcelId: string, checklist: Checklist) {
  return changePending(db, parcelId, (parcel) => {
    const item = parcel.pending;
    const last = item && [...checklist].reverse().find((c) => item.answers[c.id] !== undefined);
    if (!item || !last) return 'unchanged';
    const { [last.id]: _dropped, ...answers } = item.answers;
    return { ...item, answers };
  });
}
