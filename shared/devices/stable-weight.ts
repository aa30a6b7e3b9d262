import type { ScaleReading } from './scale-types';

export interface StableWeightOptions {
  /** How many stable readings in a row must agree. */
  count: number;
  /** How far they may differ, in grams (a scale's last digit flickers). */
  toleranceGrams: number;
}

export const DEFAULT_STABLE_WEIGHT: StableWeightOptions = { count: 3, toleranceGrams: 2 };

export type StableWeightState =
  | { done: true; grams: number }
  | { done: false; why: 'no_readings' | 'in_motion' | 'overload' | 'underload' | 'scale_error' | 'busy'; detail?: string };

/**
 * Watches readings until `count` stable ones in a row agree within the tolerance. Until then it says why
 * not (still moving, overloaded…), so a timeout can tell the clerk what was wrong.
 */
export function createStableWeightWatcher(options: StableWeightOptions = DEFAULT_STABLE_WEIGHT) {
  let run: number[] = [];
  let state: StableWeightState = { done: false, why: 'no_readings' };
  return {
    push(reading: ScaleReading): StableWeightState {
      if (state.done) return state;
      if (reading.kind === 'status') {
        run = [];
        const why = reading.status === 'motion' ? 'in_motion' : reading.status === 'error' ? 'scale_error' : reading.status;
        state = reading.detail ? { done: false, why, detail: reading.detail } : { done: false, why };
        return state;
      }
      if (!reading.stable) {
        run = [];
        state = { done: false, why: 'in_motion' };
        return state;
      }
      run.push(reading.grams);
      if (run.length > options.count) run.shift();
      const spread = Math.max(...run) - Math.min(...run);
      if (run.length === options.count && spread <= options.toleranceGrams) {
        state = { done: true, grams: Math.round(run.reduce((a, b) => a + b, 0) / run.length) };
      } else {
        state = { done: false, why: 'in_motion' };
      }
      return state;
    },
    get state() {
      return state;
    },
  };
}
