import type { ScaleReading } from './scale-types';
import { createStableWeightWatcher, DEFAULT_STABLE_WEIGHT, type StableWeightOptions } from './stable-weight';

export interface ParcelWeigherOptions {
  /** A stable reading below this is no parcel (an empty plate, a drifting zero, a negative after a tare). */
  minGrams: number;
  stable: StableWeightOptions;
}

export const DEFAULT_PARCEL_WEIGHER: ParcelWeigherOptions = { minGrams: 20, stable: DEFAULT_STABLE_WEIGHT };

export type WeigherState =
  | { kind: 'captured'; grams: number }
  /** The scale has not shown empty since the last parcel was weighed: that parcel is probably still on it. */
  | { kind: 'remove_previous'; grams: number }
  /** Nothing (or too little to be a parcel) on the plate. */
  | { kind: 'place_parcel'; grams: number }
  | { kind: 'waiting'; why: 'no_readings' | 'in_motion' | 'overload' | 'underload' | 'scale_error' | 'busy'; detail?: string };

/**
 * Turns a scale's reading stream into parcel weights, one per parcel. It captures only while a weight is
 * wanted, only a stable reading of at least `minGrams`, and only after the plate has shown empty since
 * the previous capture — so the last parcel's weight is never taken again for the next one, and one
 * stable reading is one weight. Every reading can be fed, wanted or not: the empty plate between two
 * parcels is usually seen while the clerk is busy with the items.
 */
export function createParcelWeigher(options: ParcelWeigherOptions = DEFAULT_PARCEL_WEIGHER) {
  let armed = true;
  let watcher = createStableWeightWatcher(options.stable);
  let state: WeigherState = { kind: 'waiting', why: 'no_readings' };
  return {
    push(reading: ScaleReading, wanted: boolean): WeigherState {
      if (reading.kind === 'weight' && reading.grams < options.minGrams) {
        armed = true;
        watcher = createStableWeightWatcher(options.stable);
        state = { kind: 'place_parcel', grams: reading.grams };
        return state;
      }
      if (!wanted) {
        watcher = createStableWeightWatcher(options.stable);
        return state;
      }
      if (!armed) {
        state = reading.kind === 'weight' ? { kind: 'remove_previous', grams: reading.grams } : { kind: 'waiting', why: watcherWhy(reading) };
        return state;
      }
      const s = watcher.push(reading);
      if (s.done) {
        armed = false;
        watcher = createStableWeightWatcher(options.stable);
        state = { kind: 'captured', grams: s.grams };
      } else {
        state = s.detail ? { kind: 'waiting', why: s.why, detail: s.detail } : { kind: 'waiting', why: s.why };
      }
      return state;
    },
    get state() {
      return state;
    },
    /** The clerk confirmed the plate was cleared (a scale that never reports below the minimum). */
    arm() {
      armed = true;
    },
  };
}

function watcherWhy(reading: Extract<ScaleReading, { kind: 'status' }>): Extract<WeigherState, { kind: 'waiting' }>['why'] {
  return reading.status === 'motion' ? 'in_motion' : reading.status === 'error' ? 'scale_error' : reading.status;
}
