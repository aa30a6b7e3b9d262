import { describe, expect, it } from 'vitest';
import { CN_MARKETPLACE_POLICY, WESTERN_30_DAY_POLICY } from '../policy/defaults';
import { checklistFor } from '../policy/schema';
import { missingPhotoEvidence } from './photo-evidence';

const checklist = checklistFor(CN_MARKETPLACE_POLICY, 'electronics');
const base = {
  policy: CN_MARKETPLACE_POLICY,
  checklist,
  answers: {},
  outerCondition: 'intact' as const,
  serialMismatch: false,
  itemPhotos: 0,
  parcelPhotos: 0,
};

describe('photos a policy requires before a unit is accepted', () => {
  it('asks for the item when it is damaged, for the box when it arrived crushed, torn or wet, for a differing serial', () => {
    expect(missingPhotoEvidence(base)).toEqual([]);
    expect(missingPhotoEvidence({ ...base, answers: { no_damage: 'no' } }).map((r) => r.key)).toEqual(['photo.itemDamage']);
    expect(missingPhotoEvidence({ ...base, serialMismatch: true }).map((r) => r.key)).toEqual(['photo.serialMismatch']);
    expect(missingPhotoEvidence({ ...base, outerCondition: 'crushed' }).map((r) => r.key)).toEqual(['photo.boxDamage']);
    expect(missingPhotoEvidence({ ...base, outerCondition: 'dented' })).toEqual([]);
  });

  it('is satisfied by a photo of the item (or of the box), and asks nothing where the policy asks nothing', () => {
    expect(missingPhotoEvidence({ ...base, answers: { no_damage: 'no' }, serialMismatch: true, itemPhotos: 1 })).toEqual([]);
    expect(missingPhotoEvidence({ ...base, outerCondition: 'wet', parcelPhotos: 1 })).toEqual([]);
    // A wear failure (tags cut) is not damage: no photo is required for it.
    expect(missingPhotoEvidence({ ...base, answers: { factory_sealed: 'no' } })).toEqual([]);
    expect(missingPhotoEvidence({ ...base, policy: WESTERN_30_DAY_POLICY, answers: { no_damage: 'no' }, outerCondition: 'crushed' })).toEqual([]);
  });
});
