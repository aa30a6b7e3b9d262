import { verifyPin, type StationUser } from '../../../shared/returns';
import type { StationDb } from '../../db/station-db';

/** The manager whose PIN this is, if any. */
export async function managerByPin(db: StationDb, pin: string): Promise<StationUser | undefined> {
  if (!pin) return undefined;
  const managers = await db.users.filter((u) => u.role === 'manager').toArray();
  return managers.find((m) => m.pin && verifyPin(pin, m.pin));
}
