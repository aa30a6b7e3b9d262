import { describe, expect, it } from 'vitest';
import { describeZodError } from '../../errors';
import { CN_MARKETPLACE_POLICY, DEFAULT_POLICIES, WESTERN_30_DAY_POLICY } from './defaults';
import { PolicySchema, checklistFor } from './schema';

const problems = (policy: unknown) => {
  const r = PolicySchema.safeParse(policy);
  return r.success ? '' : describeZodError(r.error);
};

describe('policies', () => {
  it.each(DEFAULT_POLICIES.map((p) => [p.id, p] as const))('the shipped %s policy is valid and versioned', (_, policy) => {
    expect(problems(policy)).toBe('');
    expect(policy.version).toBeGreaterThanOrEqual(1);
  });

  it('the Chinese marketplace policy is 七天无理由 in China time, resale unaffected; the western one is 30 days', () => {
    expect(CN_MARKETPLACE_POLICY).toMatchObject({ timeZone: 'Asia/Shanghai', windows: { noReasonDays: 7 }, noReasonRequiresResellable: true });
    expect(WESTERN_30_DAY_POLICY).toMatchObject({ windows: { noReasonDays: 30 }, restockingFee: { percent: 15 } });
  });

  it.each([
    ['a restocking fee over 50 %', { restockingFee: { percent: 60, appliesTo: 'customer_fault_always' } }, /restockingFee\.percent/],
    ['a time zone that does not exist', { timeZone: 'Mars/Olympus' }, /timeZone: an IANA time zone/],
    [
      'a disposition with nowhere to go',
      { routing: CN_MARKETPLACE_POLICY.routing.filter((r) => r.disposition !== 'EXPIRED') },
      /no catch-all routing rule for EXPIRED/,
    ],
    [
      'a checklist asking the same thing twice',
      { checklists: { default: [CN_MARKETPLACE_POLICY.checklists.default[0]!, CN_MARKETPLACE_POLICY.checklists.default[0]!], byCategory: {} } },
      /a check appears twice/,
    ],
    ['a version of 0', { version: 0 }, /version/],
  ])('rejects %s', (_, change, message) => {
    expect(problems({ ...CN_MARKETPLACE_POLICY, ...change })).toMatch(message);
  });

  it('each category gets its checklist, others the default', () => {
    expect(checklistFor(CN_MARKETPLACE_POLICY, 'apparel').map((c) => c.id)).toContain('tags_attached');
    expect(checklistFor(CN_MARKETPLACE_POLICY, 'electronics').map((c) => c.id)).toContain('serial_matches');
    expect(checklistFor(CN_MARKETPLACE_POLICY, 'garden')).toBe(CN_MARKETPLACE_POLICY.checklists.default);
  });
});
