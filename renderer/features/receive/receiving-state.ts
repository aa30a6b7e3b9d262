import type { StationError } from '../../../shared/errors';
import type { ExpectedReturn, Policy } from '../../../shared/returns';
import type { ExceptionRow, ParcelRow, RefundDecisionRow } from '../../db/station-db';

/** The receiving flow's steps and small pure helpers, apart from the hook that drives them. */
export type Step = 'loading' | 'signin' | 'parcel' | 'weigh' | 'condition' | 'items' | 'inspect';
/**
 * The banner. Its text is worded when shown, so switching language mid-parcel switches it too (a service's
 * own explanation stays a string). `about: 'pin'`: a refused manager PIN, shown next to the PIN field.
 */
export { flashText, type Flash } from '../../shell/flash';
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
