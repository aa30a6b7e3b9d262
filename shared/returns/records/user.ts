import { scrypt } from '@noble/hashes/scrypt.js';
import { bytesToHex, hexToBytes, utf8ToBytes } from '@noble/hashes/utils.js';
import { z } from 'zod';

/**
 * A PIN is never stored: only its scrypt hash, with the salt and cost it was made with. Every station of a
 * warehouse holds its users' hashes (PINs work offline), so a copied station database can be searched
 * offline: a cost below PIN_COST (N 2^14, r 8) is refused, and managers' PINs are longer (pinProblem).
 */
export const PinHashSchema = z
  .object({
    salt: z.string().regex(/^[0-9a-f]{32}$/),
    hash: z.string().regex(/^[0-9a-f]{64}$/),
    N: z
      .number()
      .int()
      .min(1 << 14, 'scrypt N below 16384 is too cheap to guess against')
      .max(1 << 20)
      .refine((n) => (n & (n - 1)) === 0, 'scrypt N is a power of two'),
    r: z.number().int().min(8, 'scrypt r below 8 is too cheap to guess against').max(32),
    p: z.number().int().min(1).max(16),
  })
  .strict();
export type PinHash = z.infer<typeof PinHashSchema>;

export const StationUserSchema = z
  .object({
    id: z.string().min(1).max(32),
    name: z.string().min(1).max(64),
    role: z.enum(['clerk', 'manager']),
    /** What the clerk's badge scans as. */
    badge: z.string().min(4).max(64).optional(),
    pin: PinHashSchema.optional(),
  })
  .strict();
export type StationUser = z.infer<typeof StationUserSchema>;

/** Interactive login strength: a few tens of milliseconds per try on a station PC. */
export const PIN_COST = { N: 1 << 14, r: 8, p: 1 } as const;

/** Digits a PIN needs: a manager's overrides money and locks days, so it is longer. */
export const PIN_DIGITS = { clerk: 4, manager: 6 } as const;

/** Why a new PIN is refused for this role, or null: digits only, long enough, not one digit repeated or a run. */
export function pinProblem(pin: string, role: keyof typeof PIN_DIGITS): string | null {
  if (!/^\d+$/.test(pin)) return 'a PIN is digits only';
  if (pin.length < PIN_DIGITS[role]) return `a ${role}'s PIN has at least ${PIN_DIGITS[role]} digits`;
  if (/^(\d)\1+$/.test(pin) || '01234567890'.includes(pin) || '09876543210'.includes(pin)) return 'a PIN that is one digit repeated or a run is guessed first';
  return null;
}

export function hashPin(pin: string, saltHex: string, cost: { N: number; r: number; p: number } = PIN_COST): PinHash {
  // Only the cost parameters are taken from `cost`: it may be a stored PinHash, whose own hash must not leak in.
  const { N, r, p } = cost;
  const hash = scrypt(utf8ToBytes(pin), hexToBytes(saltHex), { N, r, p, dkLen: 32 });
  return { salt: saltHex, hash: bytesToHex(hash), N, r, p };
}

export function verifyPin(pin: string, stored: PinHash): boolean {
  const candidate = hashPin(pin, stored.salt, stored).hash;
  // Compare every character, so the time taken says nothing about where they differ.
  let diff = candidate.length ^ stored.hash.length;
  for (let i = 0; i < candidate.length; i++) diff |= candidate.charCodeAt(i) ^ stored.hash.charCodeAt(i);
  return diff === 0;
}
