import { describe, expect, it } from 'vitest';
import { PinHashSchema, StationUserSchema, hashPin, pinProblem, verifyPin } from './user';

describe('PINs', () => {
  const stored = hashPin('1234', '00112233445566778899aabbccddeeff');
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
    expect(hashPin('1234', 'ffeeddccbbaa99887766554433221100').hash).not.toBe(stored.hash);
  });
  it('hashed too cheaply are refused: a copied station database must not give PINs away in minutes', () => {
    for (const cost of [
      { N: 1024, r: 8, p: 1 },
      { N: 1 << 14, r: 1, p: 1 },
      { N: 20000, r: 8, p: 1 },
    ]) {
      expect(PinHashSchema.safeParse({ ...stored, ...cost }).success, JSON.stringify(cost)).toBe(false);
    }
  });
  it('a manager’s PIN is longer than a clerk’s, and not a repeated digit or a run', () => {
    expect(pinProblem('4821', 'clerk')).toBeNull();
    expect(pinProblem('4821', 'manager')).toMatch(/at least 6/);
    expect(pinProblem('482913', 'manager')).toBeNull();
    for (const weak of ['999999', '123456', '654321', '12a4']) expect(pinProblem(weak, 'manager'), weak).not.toBeNull();
  });
});
