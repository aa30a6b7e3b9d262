import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createParcelWeigher } from './parcel-weigher';
import type { ScaleReading } from './scale-types';

const w = (grams: number, stable = true): ScaleReading => ({ kind: 'weight', grams, stable });
const feed = (weigher: ReturnType<typeof createParcelWeigher>, readings: ScaleReading[], wanted = true) => readings.map((r) => weigher.push(r, wanted));

describe('parcel weigher', () => {
  it('takes a stable reading once, as one weight', () => {
    const weigher = createParcelWeigher();
    const states = feed(weigher, [w(790, false), w(790), w(791), w(790), w(790), w(790)]);
    expect(states.filter((s) => s.kind === 'captured')).toEqual([{ kind: 'captured', grams: 790 }]);
  });

  it('a negative, zero or below-minimum stable reading is not a parcel weight: place the parcel', () => {
    const weigher = createParcelWeigher();
    for (const grams of [-2, 0, 5, 19]) expect(feed(weigher, [w(grams), w(grams), w(grams), w(grams)]).at(-1)).toEqual({ kind: 'place_parcel', grams });
  });

  it('the previous parcel left on the scale is never weighed again for the next', () => {
    const weigher = createParcelWeigher();
    expect(feed(weigher, [w(790), w(790), w(790)]).at(-1)).toEqual({ kind: 'captured', grams: 790 });
    expect(feed(weigher, [w(790), w(790), w(790), w(790)]).at(-1)).toEqual({ kind: 'remove_previous', grams: 790 });
    // The plate is cleared while the clerk unpacks (no weight wanted then), then the next parcel goes on.
    feed(weigher, [w(0), w(0)], false);
    expect(feed(weigher, [w(1210, false), w(1210), w(1210), w(1210)]).at(-1)).toEqual({ kind: 'captured', grams: 1210 });
  });

  it('says why it is still waiting: in motion, overloaded', () => {
    const weigher = createParcelWeigher();
    expect(weigher.push({ kind: 'status', status: 'overload' }, true)).toEqual({ kind: 'waiting', why: 'overload' });
    expect(weigher.push(w(500, false), true)).toEqual({ kind: 'waiting', why: 'in_motion' });
  });

  it('never captures while no weight is wanted', () => {
    const weigher = createParcelWeigher();
    expect(feed(weigher, [w(700), w(700), w(700), w(700)], false).some((s) => s.kind === 'captured')).toBe(false);
  });

  it('over any reading stream, never two captures without an empty plate between them', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ grams: fc.integer({ min: -50, max: 3000 }), stable: fc.boolean(), wanted: fc.boolean() }), { maxLength: 200 }),
        (stream) => {
          const weigher = createParcelWeigher();
          let emptySinceCapture = true;
          for (const r of stream) {
            const s = weigher.push(w(r.grams, r.stable), r.wanted);
            if (r.grams < 20) emptySinceCapture = true;
            if (s.kind === 'captured') {
              expect(emptySinceCapture).toBe(true);
              expect(s.grams).toBeGreaterThanOrEqual(20);
              emptySinceCapture = false;
            }
          }
        },
      ),
    );
  });
});
