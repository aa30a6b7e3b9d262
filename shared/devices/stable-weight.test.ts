import { describe, expect, it } from 'vitest';
import { createStableWeightWatcher } from './stable-weight';
import type { ScaleReading } from './scale-types';

const w = (grams: number, stable = true): ScaleReading => ({ kind: 'weight', grams, stable });
const run = (readings: ScaleReading[]) => {
  const watcher = createStableWeightWatcher({ count: 3, toleranceGrams: 2 });
  return readings.map((r) => watcher.push(r)).pop();
};

describe('stable weight', () => {
  it('three stable readings within 2 g give their average', () => {
    expect(run([w(1233), w(1234), w(1235)])).toEqual({ done: true, grams: 1234 });
  });
  it('motion then stable: only the readings after it settled count', () => {
    expect(run([w(800, false), w(1100, false), w(1234), w(1234), w(1234)])).toEqual({ done: true, grams: 1234 });
  });
  it('still drifting is in motion', () => {
    expect(run([w(1200), w(1210), w(1220)])).toEqual({ done: false, why: 'in_motion' });
  });
  it('says why not: overload, scale error', () => {
    expect(run([w(1234), { kind: 'status', status: 'overload' }])).toEqual({ done: false, why: 'overload' });
    expect(run([{ kind: 'status', status: 'error', detail: 'unreadable frame' }])).toEqual({ done: false, why: 'scale_error', detail: 'unreadable frame' });
  });
  it('nothing yet is no readings', () => {
    expect(createStableWeightWatcher().state).toEqual({ done: false, why: 'no_readings' });
  });
});
