import { scrypt } from '@noble/hashes/scrypt.js';
import { bytesToHex, hexToBytes, utf8ToBytes } from '@noble/hashes/utils.js';
import { z } from 'zod';

/** A PIN is never stored: only its scrypt hash, with the salt and cost it was made with. */
export const PinHashSchema = z
  .object({
    salt: z.string().regex(/^[0-9a-f]{32}$/),
    hash: z.string().regex(/^[0-9a-f]{64}$/),
    N: z.number().int().min(1024).max(1 << 20),
    r: z.number().int().min(1).max(32),
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
