import type { StationDb } from '../db/station-db';
import { recordUserAction, type Actor } from './record-action';

/**
 * Who came to the station and how: manager sessions begun and ended, PIN lock-outs. Audited only (HQ
 * receives the audit chain), and allowed when the day is closed — signing in is how it gets reopened.
 */
export function recordAccessEvent(db: StationDb, actor: Actor, action: 'manager.signIn' | 'manager.signOut' | 'pin.lockout', details: Record<string, unknown>) {
  return recordUserAction(
    db,
    actor,
    [],
    async () => ({ result: undefined, record: { action, entity: 'access', entityId: actor.who, after: details } }),
    undefined,
    { whenDayClosed: 'allow' },
  );
}
