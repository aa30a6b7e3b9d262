import fc from 'fast-check';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { FUZZ_TARGETS, FUZZ_TOTAL } from './targets';

/** The fuzz targets at a hundredth of `npm run fuzz`'s count: every property is exercised on every test run. */
describe('fuzz targets (a hundredth of npm run fuzz)', () => {
  // papaparse warns on the console for each duplicated CSV header it renames (the import refuses those itself).
  beforeAll(() => {
    const warn = console.warn.bind(console);
    vi.spyOn(console, 'warn').mockImplementation((...args: unknown[]) => (args[0] === 'Duplicate headers found and renamed.' ? undefined : warn(...args)));
  });
  it('cover at least 10⁶ inputs in a full run', () => expect(FUZZ_TOTAL).toBeGreaterThanOrEqual(1_000_000));
  for (const target of FUZZ_TARGETS) {
    it(target.name, async () => {
      await fc.assert(target.property() as fc.IAsyncPropertyWithHooks<unknown>, {
        numRuns: Math.min(target.runs, Math.max(10, Math.round(target.runs / 100))),
      });
    }, 60_000);
  }
});
