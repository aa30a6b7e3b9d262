import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FUZZ_TARGETS, FUZZ_TOTAL } from './targets';

/** The fuzz targets at a hundredth of `npm run fuzz`'s count: every property is exercised on every test run. */
describe('fuzz targets (a hundredth of npm run fuzz)', () => {
  it('cover at least 10⁶ inputs in a full run', () => expect(FUZZ_TOTAL).toBeGreaterThanOrEqual(1_000_000));
  for (const target of FUZZ_TARGETS) {
    it(target.name, async () => {
      await fc.assert(target.property() as fc.IAsyncPropertyWithHooks<unknown>, { numRuns: Math.min(target.runs, Math.max(10, Math.round(target.runs / 100))) });
    }, 60_000);
  }
});
