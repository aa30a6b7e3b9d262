import { randomBytes } from 'node:crypto';
import type pg from 'pg';
import { HQ_ROLES, type HqRole, type HqUser } from '../../../shared/hq-api/people';
import { sha256Hex } from '../auth';
import { HqError } from '../errors';
import { hashPassword, passwordProblem, verifyPassword } from './passwords';

/** Wrong passwords in a row before an account is locked, and for how long. */
export const LOCK_AFTER = 5;
export const LOCK_MINUTES = 15;
/** A session lasts a working shift and a half; signing out ends it at once. */
export const SESSION_HOURS = 12;

interface UserRow {
  login: string;
  name: string;
  role: HqRole;
  warehouse_id: string | null;
  password_hash: string;
  failed_attempts: number;
  locked_until: Date | null;
  disabled_at: Date | null;
}

const asUser = (r: Pick<UserRow, 'login' | 'name' | 'role' | 'warehouse_id'>): HqUser => ({
  login: r.login,
  name: r.name,
  role: r.role,
  warehouseId: r.warehouse_id,
});

export async function recordUserEvent(pool: pg.Pool, login: string | null, action: string, detail: object, address?: string) {
  await pool.query('insert into hq_user_events (login, action, detail, address) values ($1, $2, $3, $4)', [login, action, detail, address ?? null]);
}

/** Adds a person or changes one (name, role, warehouse; a new password when given). */
export async function putUser(
  pool: pg.Pool,
  input: { login: string; name: string; role: HqRole; warehouseId: string | null; password?: string | undefined },
  by: string,
): Promise<HqUser> {
  if (!HQ_ROLES.includes(input.role)) throw new HqError('invalid_request', `No role ${input.role}.`);
  if (input.warehouseId && !(await pool.query('select 1 from warehouses where warehouse_id = $1', [input.warehouseId])).rowCount)
    throw new HqError('not_found', `No warehouse ${input.warehouseId}.`);
  const existing = (await pool.query<UserRow>('select * from hq_users where login = $1', [input.login])).rows[0];
  if (!existing && !input.password) throw new HqError('invalid_request', `A new account needs a password.`);
  if (input.password) {
    const problem = passwordProblem(input.password);
    if (problem) throw new HqError('invalid_request', `Give ${problem}.`);
  }
  const hash = input.password ? await hashPassword(input.password) : existing!.password_hash;
  const row = (
    await pool.query<UserRow>(
      `insert into hq_users (login, name, role, warehouse_id, password_hash) values ($1, $2, $3, $4, $5)
       on conflict (login) do update set name = excluded.name, role = excluded.role, warehouse_id = excluded.warehouse_id,
         password_hash = excluded.password_hash, failed_attempts = 0, locked_until = null, disabled_at = null
       returning *`,
      [input.login, input.name, input.role, input.warehouseId, hash],
    )
  ).rows[0]!;
  // A changed password or role ends the sessions opened with the old one.
  if (existing && (input.password || existing.role !== input.role || existing.warehouse_id !== input.warehouseId))
    await pool.query('update hq_sessions set ended_at = now() where login = $1 and ended_at is null', [input.login]);
  await recordUserEvent(pool, input.login, existing ? 'user.changed' : 'user.added', {
    by,
    role: input.role,
    warehouseId: input.warehouseId,
    passwordSet: !!input.password,
  });
  return asUser(row);
}

export async function disableUser(pool: pg.Pool, login: string, by: string) {
  const done = await pool.query('update hq_users set disabled_at = now() where login = $1 and disabled_at is null', [login]);
  if (!done.rowCount) throw new HqError('not_found', `No active account ${login}.`);
  await pool.query('update hq_sessions set ended_at = now() where login = $1 and ended_at is null', [login]);
  await recordUserEvent(pool, login, 'user.disabled', { by });
}

export async function listUsers(pool: pg.Pool) {
  const rows = await pool.query(
    `select login, name, role, warehouse_id as "warehouseId", disabled_at as "disabledAt", locked_until as "lockedUntil", created_at as "createdAt",
       (select max(at) from hq_user_events e where e.login = u.login and e.action = 'signed_in') as "lastSignIn"
     from hq_users u order by login`,
  );
  return rows.rows;
}

/**
 * A password checked: a session (its secret for the cookie, its CSRF token for the page) — or a refusal
 * that says nothing of whether the account exists. Five wrong passwords in a row lock the account for 15
 * minutes; every try is an event.
 */
export async function signInUser(pool: pg.Pool, login: string, password: string, address: string) {
  const row = (await pool.query<UserRow>('select * from hq_users where login = $1', [login])).rows[0];
  const now = Date.now();
  if (row?.locked_until && row.locked_until.getTime() > now) {
    await recordUserEvent(pool, login, 'sign_in.locked', {}, address);
    throw new HqError('account_locked', `Too many wrong passwords: this account is locked until ${row.locked_until.toISOString()}.`);
  }
  // A login nobody has still costs a hash: the answer's time does not tell which logins exist.
  let ok = false;
  if (row && !row.disabled_at) ok = await verifyPassword(password, row.password_hash);
  else await hashPassword(password);
  if (!ok || !row) {
    if (row) {
      const failed = row.failed_attempts + 1;
      const lock = failed >= LOCK_AFTER;
      await pool.query('update hq_users set failed_attempts = $2, locked_until = $3 where login = $1', [
        login,
        lock ? 0 : failed,
        lock ? new Date(now + LOCK_MINUTES * 60_000) : null,
      ]);
      await recordUserEvent(pool, login, lock ? 'sign_in.locked_out' : 'sign_in.failed', { failed }, address);
    } else await recordUserEvent(pool, null, 'sign_in.failed', { login: login.slice(0, 64) }, address);
    throw new HqError('unauthorized', 'Wrong login or password.');
  }
  await pool.query('update hq_users set failed_attempts = 0, locked_until = null where login = $1', [login]);
  const secret = randomBytes(32).toString('base64url');
  const csrf = randomBytes(24).toString('base64url');
  await pool.query(`insert into hq_sessions (token_hash, login, csrf, expires_at) values ($1, $2, $3, now() + make_interval(hours => $4))`, [
    sha256Hex(secret),
    login,
    csrf,
    SESSION_HOURS,
  ]);
  await recordUserEvent(pool, login, 'signed_in', {}, address);
  return { secret, csrf, user: asUser(row) };
}

/** The person a session cookie belongs to (and the session's CSRF token), or null. */
export async function userForSession(pool: pg.Pool, secret: string | undefined): Promise<{ user: HqUser; csrf: string; tokenHash: string } | null> {
  if (!secret || !/^[A-Za-z0-9_-]{20,100}$/.test(secret)) return null;
  const tokenHash = sha256Hex(secret);
  const row = (
    await pool.query<UserRow & { csrf: string }>(
      `select u.login, u.name, u.role, u.warehouse_id, s.csrf from hq_sessions s join hq_users u on u.login = s.login
       where s.token_hash = $1 and s.ended_at is null and s.expires_at > now() and u.disabled_at is null`,
      [tokenHash],
    )
  ).rows[0];
  return row ? { user: asUser(row), csrf: row.csrf, tokenHash } : null;
}

export async function endSession(pool: pg.Pool, tokenHash: string, login: string) {
  await pool.query('update hq_sessions set ended_at = now() where token_hash = $1 and ended_at is null', [tokenHash]);
  await recordUserEvent(pool, login, 'signed_out', {});
}
