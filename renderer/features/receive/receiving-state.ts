import type { TFunction } from 'i18next';
import type { StationError } from '../../../shared/errors';
import type { Checklist, ExpectedLine, ExpectedReturn, ItemMatch, Policy, Reason } from '../../../shared/returns';
import type { ExceptionRow, ParcelRow, PendingItem, RefundDecisionRow } from '../../db/station-db';

/** The receiving flow's steps and small pure helpers, apart from the hook that drives them. */
export type Step = 'loading' | 'signin' | 'parcel' | 'weigh' | 'condition' | 'items' | 'inspect';
/**
 * The banner. Its text is worded when shown, so switching language mid-parcel switches it too (a service's
 * own explanation stays a string). `about: 'pin'`: a refused manager PIN, shown next to the PIN field.
 */
export type Flash = { kind: 'ok' | 'error' | 'info'; text: string | ((t: TFunction) => string); about?: 'pin' };
export const flashText = (t: TFunction, flash: Flash) => (typeof flash.text === 'function' ? flash.text(t) : flash.text);
export interface Completed {
  rmaNos: string[];
  units: number;
  decisions: RefundDecisionRow[];
  exceptions: ExceptionRow[];
}

export function stepOf(parcel: ParcelRow | null | undefined): Step {
  if (parcel === undefined) return 'loading';
  if (parcel === null) return 'parcel';
  if (!parcel.weight) return 'weigh';
  if (parcel.status === 'open') return 'condition';
  return parcel.pending ? 'inspect' : 'items';
}

/** One empty list, so effects that depend on the returns do not run on every render while loading. */
export const NO_RETURNS: ExpectedReturn[] = [];

/** The policy of each return, or why there is none (a policy the station does not hold). */
export type PolicyOf = Record<string, Policy | StationError>;
export const NO_POLICIES: PolicyOf = {};


/** The best of an item's matches against each return of the parcel: the ordered item first, then over, duplicate, wrong, unexpected. */
export function bestMatch(results: { rmaNo: string; match: ItemMatch }[]): { rmaNo: string | null; match: ItemMatch } | undefined {
  for (const kind of ['matched', 'over', 'duplicate', 'wrong_item', 'unexpected', 'not_an_item'] as const) {
    const hit = results.find((r) => r.match.kind === kind);
    if (hit) return hit;
  }
  return undefined;
}

/** Checklist answers the scan settles by itself: a serial that differs from the one shipped fails the serial check. */
export function knownAnswers(checklist: Checklist, match: PendingItem['match']): Record<string, 'no'> {
  return match === 'serial_mismatch' ? Object.fromEntries(checklist.filter((c) => c.means === 'mismatch').map((c) => [c.id, 'no' as const])) : {};
}

/** Why the rules do not decide an item (an over-receipt, an unexpected item), kept with its unit. */
export function undecidedReasons(pending: PendingItem, line: ExpectedLine | undefined): Reason[] {
  if (pending.match === 'over' && line) return [{ key: 'item.overReceipt', params: { sku: line.sku, qty: line.qty } }];
  if (pending.match === 'unexpected') {
    const gtin = pending.scan.kind === 'gtin' ? pending.scan.gtin : pending.scan.kind === 'gs1' ? pending.scan.gtin : undefined;
    return gtin ? [{ key: 'item.unexpected', params: { gtin } }] : [];
  }
  return [];
}
