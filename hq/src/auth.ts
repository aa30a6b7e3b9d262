import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type pg from 'pg';
import { provisionalLpnPrefix } from '../../shared/sync/lpn-prefix';

export const sha256Hex = (text: string | Buffer) => createHash('sha256').update(text).digest('hex');

/** A secret a person types (enrolment code) or a program keeps (token), from the OS's random source. */
export function newSecret(bytes: number): string {
  return randomBytes(bytes).toString('base64url');
}

/** An enrolment code as an admin reads it out: groups of four, no look-alike characters. */
export function newEnrolmentCode(): string {
  const alphabet = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
  const bytes = randomBytes(16);
  const chars = [...bytes].map((b) => alphabet[b % alphabet.length]);
  return [0, 4, 8, 12].map((i) => chars.slice(i, i + 4).join('')).join('-');
}

/** `<warehouse>.<station>.<secret>`: the token says whose it is; HQ keeps only the secret's hash. */
export function formatToken(warehouseId: string, stationId: string, secret: string) {
  return `${warehouseId}.${stationId}.${secret}`;
}

export interface StationIdentity {
  warehouseId: string;
  stationId: string;
  installId: string;
  lpnPrefix: string;
  /** Every prefix this install's units may carry: each HQ gave it, and its own from before enrolment. */
  lpnPrefixes: string[];
}

/** The station a bearer token belongs to, or null (unknown, wrong secret, revoked, never enrolled). */
export async function stationForToken(pool: pg.Pool, header: string | undefined): Promise<StationIdentity | null> {
  const m = /^Bearer ([A-Z0-9-]{2,32})\.([A-Z0-9-]{2,32})\.([A-Za-z0-9_-]{20,200})$/.exec(header ?? '');
  if (!m) return null;
  const [, warehouseId, stationId, secret] = m as unknown as [string, string, string, string];
  const row = (
    await pool.query<{ token_hash: string | null; install_id: string | null; revoked_at: Date | null; lpn_prefix: string; prefixes: string[] }>({
      name: 'station-for-token',
      text: `select s.token_hash, s.install_id, s.revoked_at, s.lpn_prefix,
               array(select p.lpn_prefix from lpn_prefixes p where p.warehouse_id = s.warehouse_id and p.station_id = s.station_id and p.install_id = s.install_id order by p.given_at) as prefixes
             from stations s where s.warehouse_id = $1 and s.station_id = $2`,
      values: [warehouseId, stationId],
    })
  ).rows[0];
  if (!row?.token_hash || !row.install_id || row.revoked_at) return null;
  const given = Buffer.from(sha256Hex(secret), 'hex');
  const kept = Buffer.from(row.token_hash, 'hex');
  if (given.length !== kept.length || !timingSafeEqual(given, kept)) return null;
  const lpnPrefixes = [...new Set([...row.prefixes, row.lpn_prefix, provisionalLpnPrefix(row.install_id)])];
  return { warehouseId, stationId, installId: row.install_id, lpnPrefix: row.lpn_prefix, lpnPrefixes };
}
