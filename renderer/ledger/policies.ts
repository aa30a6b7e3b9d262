import { StationError } from '../../shared/errors';
import { CN_MARKETPLACE_POLICY, WESTERN_30_DAY_POLICY, type ExpectedReturn, type Policy } from '../../shared/returns';
import type { PolicyRow, StationDb } from '../db/station-db';

export const policyKey = (p: { id: string; version: number }) => `${p.id}@${p.version}`;

/** Policies the station ships with: held like imported ones, never a silent stand-in for another. */
const BUILT_IN: Policy[] = [CN_MARKETPLACE_POLICY, WESTERN_30_DAY_POLICY];

/**
 * The policy a return is decided under: the one it names (the version in force at order time when it
 * names one, else the newest), or, when it names none, the station's default for its currency. A policy
 * the station does not hold is refused with a clear message: a manager decides, nothing falls back.
 */
export async function policyFor(db: StationDb, expected?: ExpectedReturn): Promise<Policy> {
  return pickPolicy(await db.policies.where('id').equals(wantedPolicyId(expected)).toArray(), expected);
}

const wantedPolicyId = (expected?: ExpectedReturn) =>
  expected?.policyId ?? (expected?.currency === 'CNY' || !expected ? CN_MARKETPLACE_POLICY.id : WESTERN_30_DAY_POLICY.id);

/** policyFor over policies already read (any ids): for callers that must read everything first (live queries). */
export function pickPolicy(rows: PolicyRow[], expected?: ExpectedReturn): Policy {
  const wanted = wantedPolicyId(expected);
  const stored = rows.filter((r) => r.id === wanted).map(({ key: _key, ...policy }) => policy as Policy);
  const held = [...stored, ...BUILT_IN.filter((b) => b.id === wanted && !stored.some((s) => s.version === b.version))];
  const version = expected?.policyVersion;
  const chosen = version === undefined ? held.sort((a, b) => b.version - a.version)[0] : held.find((p) => p.version === version);
  if (!chosen) {
    const named = version === undefined ? wanted : `${wanted} v${version}`;
    throw new StationError(
      'policy_unknown',
      `Return ${expected?.rmaNo ?? ''} is under policy ${named}, which this station does not hold: a manager decides; load the policy from HQ or import it.`,
    );
  }
  return chosen;
}
