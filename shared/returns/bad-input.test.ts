import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { dressReturn } from '../../test/helpers/returns';
import {
  CN_MARKETPLACE_POLICY,
  assessRisk,
  checkEligibility,
  checkGifts,
  decideUnitOutcome,
  evaluateUnit,
  gradeUnit,
  lineReceptionStates,
  matchItemScan,
  matchParcelScan,
  recommendRefund,
} from './index';

const decisions = {
  matchParcelScan,
  matchItemScan,
  gradeUnit,
  decideUnitOutcome,
  checkEligibility,
  checkGifts,
  lineReceptionStates,
  recommendRefund,
  assessRisk,
  evaluateUnit,
} as Record<string, (input: unknown) => { ok: boolean; error?: { code: string; message: string } }>;

describe('bad input never throws anywhere in shared/returns', () => {
  it.each(Object.keys(decisions))('%s answers anything with a result, never a throw', (name) => {
    fc.assert(
      fc.property(
        fc.anything({ withNullPrototype: true, withBigInt: true, withDate: true, withMap: true, withSet: true, withTypedArray: true, withSparseArray: true }),
        (input) => {
          const result = decisions[name]!(input);
          expect(typeof result.ok).toBe('boolean');
          if (!result.ok) expect(result.error!.message.length).toBeGreaterThan(0);
        },
      ),
      { numRuns: 300 },
    );
  });

  const recordish = fc.record(
    {
      expected: fc.constant(dressReturn()),
      policy: fc.constant(CN_MARKETPLACE_POLICY),
      lineId: fc.constantFrom('L1', 'nope'),
      receivedAt: fc.oneof(fc.constant('2026-11-24T06:00:00.000Z'), fc.string()),
      answers: fc.dictionary(fc.string(), fc.constantFrom('yes', 'no', 'maybe')),
    },
    { requiredKeys: [] },
  );
  it('near-miss records (the shapes the flow sends, slightly wrong) get a clear message', () => {
    fc.assert(
      fc.property(recordish, (input) => {
        for (const decide of Object.values(decisions)) {
          const result = decide(input);
          if (!result.ok) expect(result.error!.code).toMatch(/^(invalid_input|decision_failed)$/);
        }
      }),
      { numRuns: 200 },
    );
  });

  it.each([
    ['money as a float', { ...dressReturn(), lines: [{ ...dressReturn().lines[0]!, unitPriceMinor: 399.5 }] }, /lines\.0\.unitPriceMinor: .*int/i],
    ['a gift without its main line', { ...dressReturn(), lines: [dressReturn().lines[1]!] }, /gift line G1 must name the main line/],
    ['a line twice', { ...dressReturn(), lines: [dressReturn().lines[0]!, dressReturn().lines[0]!] }, /line L1 appears twice/],
    ['a date that is not UTC ISO', { ...dressReturn(), createdAt: '24/11/2026' }, /createdAt/],
    ['a currency that is not ISO 4217', { ...dressReturn(), currency: 'rmb' }, /currency: an ISO 4217 code/],
  ])('%s', (_, expected, message) => {
    const result = checkGifts({ expected, received: [], policy: CN_MARKETPLACE_POLICY });
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error.code).toBe('invalid_input');
      expect(result.error.message).toMatch(message);
    }
  });

  it('an answer for a check the checklist does not have is refused, by name', () => {
    const result = gradeUnit({ checklist: CN_MARKETPLACE_POLICY.checklists.default, answers: { tags_attatched: 'yes' } });
    expect(result).toMatchObject({ ok: false, error: { code: 'invalid_input', message: expect.stringContaining('no check "tags_attatched"') } });
  });
});
