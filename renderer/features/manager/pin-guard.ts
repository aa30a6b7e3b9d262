import type { TFunction } from 'i18next';
import { StationError } from '../../../shared/errors';
import { verifyPin, type StationUser } from '../../../shared/returns';
import type { StationDb } from '../../db/station-db';
import { recordAccessEvent } from '../../ledger';

/** Wrong PINs in a row before PIN entry is locked, and for how long. */
export const PIN_ATTEMPTS = 5;
export const PIN_LOCK_MS = 60_000;
const KEY = 'returns-station.pin-guard';

interface GuardState {
  failures: number;
  lockedUntil: number;
}

// Kept in localStorage: a reload or a new tab does not give a guesser fresh attempts.
function readState(): GuardState {
  try {
    const v = JSON.parse(localStorage.getItem(KEY) ?? '{}') as Partial<GuardState>;
    return { failures: Number(v.failures) || 0, lockedUntil: Number(v.lockedUntil) || 0 };
  } catch {
    return { failures: 0, lockedUntil: 0 };
  }
}
const writeState = (s: GuardState) => localStorage.setItem(KEY, JSON.stringify(s));

/** Seconds left of a lock-out, 0 when PINs may be typed. */
export function pinLockSecondsLeft(now = Date.now()): number {
  return Math.max(0, Math.ceil((readState().lockedUntil - now) / 1000));
}

/**
 * Whose PIN this is (a manager's, when `role` is 'manager'). Every PIN typed at the station goes through
 * here: after PIN_ATTEMPTS wrong ones in a row, PINs are refused for PIN_LOCK_MS, and the lock-out is
 * audited. Throws `pin_locked` (details.seconds) or `pin_wrong` (details.left).
 */
export async function userByPin(db: StationDb, pin: string, role: 'manager' | 'any', now = Date.now()): Promise<StationUser> {
  const state = readState();
  if (state.lockedUntil > now)
    throw new StationError('pin_locked', 'Too many wrong PINs: wait before trying again.', { seconds: Math.ceil((state.lockedUntil - now) / 1000) });
  const users = (await db.users.toArray()).filter((u) => role === 'any' || u.role === 'manager');
  const user = pin ? users.find((u) => u.pin && verifyPin(pin, u.pin)) : undefined;
  if (user) {
    writeState({ failures: 0, lockedUntil: 0 });
    return user;
  }
  const failures = state.failures + 1;
  if (failures >= PIN_ATTEMPTS) {
    writeState({ failures: 0, lockedUntil: now + PIN_LOCK_MS });
    await recordAccessEvent(db, { who: 'station' }, 'pin.lockout', { attempts: failures, role, seconds: PIN_LOCK_MS / 1000 }).catch(() => undefined);
    throw new StationError('pin_locked', 'Too many wrong PINs: wait before trying again.', { seconds: PIN_LOCK_MS / 1000 });
  }
  writeState({ failures, lockedUntil: 0 });
  throw new StationError('pin_wrong', role === 'manager' ? "That is not a manager's PIN." : 'That PIN is not recognised.', {
    left: PIN_ATTEMPTS - failures,
    role,
  });
}

/** The manager whose PIN this is (see userByPin). */
export const managerByPin = (db: StationDb, pin: string) => userByPin(db, pin, 'manager');

/** What a refused PIN says, next to the PIN field, in the UI's language. */
export function pinErrorText(t: TFunction, err: unknown): string {
  if (err instanceof StationError && err.code === 'pin_locked') return t('pin.locked', { seconds: (err.details as { seconds: number }).seconds });
  if (err instanceof StationError && err.code === 'pin_wrong') {
    const d = err.details as { left: number; role: string };
    // Two sentences: a space between them in English, none after a Chinese full stop.
    return t('pin.twoSentences', {
      first: t(d.role === 'manager' ? 'override.wrongPin' : 'signIn.wrongPin'),
      second: t('pin.attemptsLeft', { count: d.left }),
    });
  }
  return err instanceof Error ? err.message : String(err);
}
