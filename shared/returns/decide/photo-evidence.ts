import type { Checklist, Policy } from '../policy/schema';
import { reason, type Reason } from '../reasons';
import type { CheckAnswer } from '../records/outcomes';
import { CARRIER_DAMAGE_CONDITIONS, type OuterCondition } from '../records/parcel';

/**
 * Photos the policy asks for before a unit is accepted — of a damaged item, of a damaged box (the carrier's
 * claim needs them), of a serial that differs from the one shipped — and which are still missing.
 */
export function missingPhotoEvidence(input: {
  policy: Policy;
  checklist: Checklist;
  answers: Record<string, CheckAnswer>;
  outerCondition: OuterCondition;
  serialMismatch: boolean;
  itemPhotos: number;
  parcelPhotos: number;
}): Reason[] {
  const wanted = input.policy.photoEvidence;
  if (!wanted) return [];
  const missing: Reason[] = [];
  const damaged = input.checklist.some((c) => c.means === 'damage' && input.answers[c.id] === 'no');
  if (wanted.itemDamage && damaged && input.itemPhotos === 0) missing.push(reason('photo.itemDamage'));
  if (wanted.serialMismatch && input.serialMismatch && input.itemPhotos === 0) missing.push(reason('photo.serialMismatch'));
  if (wanted.boxDamage && CARRIER_DAMAGE_CONDITIONS.includes(input.outerCondition) && input.parcelPhotos === 0)
    missing.push(reason('photo.boxDamage', { condition: input.outerCondition }));
  return missing;
}
