import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';
import stringify from 'safe-stable-stringify';
import { z } from 'zod';

/** The link before a station's first audit event. */
export const GENESIS_HASH = '0'.repeat(64);

const Sha256Hex = z.string().regex(/^[0-9a-f]{64}$/);

/** Only the chain's hashes, as stations sent before HQ kept the events themselves: HQ checks the chain continues. */
export const AuditLinkSchema = z.object({ seq: z.number().int().positive(), prevHash: Sha256Hex, hash: Sha256Hex }).strict();

/**
 * One audit event whole, as the station chained it: who did what to which record, the values before and
 * after, and the hashes linking it to the event before. HQ recomputes the hash from the content and keeps it.
 */
export const AuditEventSchema = z
  .object({
    seq: z.number().int().positive(),
    at: z.iso.datetime(),
    // Generous bounds: an event the station has already chained must never be refused for a length.
    who: z.string().max(1000),
    action: z.string().max(1000),
    entity: z.string().max(1000),
    entityId: z.string().max(10_000),
    before: z.unknown().optional(),
    after: z.unknown().optional(),
    prevHash: Sha256Hex,
    hash: Sha256Hex,
  })
  .strict();
export type AuditEvent = z.infer<typeof AuditEventSchema>;

/**
 * The hash of an audit event: SHA-256 over its canonical JSON (keys sorted), chained through prevHash —
 * the same at the station and at HQ, which recomputes it from what it received. Synchronous
 * (@noble/hashes) because nothing outside IndexedDB may be awaited inside the station's transaction:
 * WebCrypto's digest is a promise and would let the transaction commit half-way.
 */
export function hashAuditEvent(event: Omit<AuditEvent, 'hash'>): string {
  return bytesToHex(sha256(utf8ToBytes(stringify(event) ?? '')));
}
