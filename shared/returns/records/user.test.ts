import { describe, expect, it } from 'vitest';
import { StationUserSchema, hashPin, verifyPin } from './user';

describe('PINs', () => {
  const stored = hashPin('1234', '00112233445566778899aabbccddeeff', { N: 1024, r: 8, p: 1 });
  it('are kept as a salted scrypt hash, never as the PIN', () => {
    expect(Object.keys(stored).sort()).toEqual(['N', 'hash', 'p', 'r', 'salt']);
    expect(Object.values(stored)).not.toContain('1234');
    expect(stored.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(StationUserSchema.safeParse({ id: 'C1', name: 'x', role: 'clerk', pin: stored }).success).toBe(true);
  });
  it('verify the right PIN only', () => {
    expect(verifyPin('1234', stored)).toBe(true);
    for (const wrong of ['1235', '', '12345', ' 1234']) expect(verifyPin(wrong, stored)).toBe(false);
  });
  it('the same PIN with another salt hashes differently', () => {
    expect(hashPin('1234', 'ffeeddccbbaa99887766554433221100', { N: 1024, r: 8, p: 1 }).hash).not.toBe(stored.hash);
  });
});
