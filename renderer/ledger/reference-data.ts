import type { ReferenceImport } from '../../shared/reference/import';
import type { StationDb } from '../db/station-db';
import { policyKey } from './policies';
import { recordUserAction, type Actor } from './record-action';

/**
 * Applies an import that passed its checks, whole, in one audited transaction: existing records with the
 * same RMA, GTIN or policy version are replaced, nothing else is touched. An import with problems is
 * refused here too, so nothing half-checked is ever stored.
 */
export async function applyReferenceImport(db: StationDb, actor: Actor, data: ReferenceImport, source: string) {
  if (!data.ok) throw new Error(`${source} has ${data.problems.length} problem(s): nothing was imported.`);
  const counts = { expectedReturns: data.expectedReturns.length, catalog: data.catalog.length, policies: data.policies.length, users: data.users.length };
  return recordUserAction(
    db,
    actor,
    ['expectedReturns', 'catalog', 'policies', 'users'],
    async () => {
      await db.expectedReturns.bulkPut(data.expectedReturns);
      await db.catalog.bulkPut(data.catalog);
      await db.policies.bulkPut(data.policies.map((p) => ({ ...p, key: policyKey(p) })));
      await db.users.bulkPut(data.users);
      return { result: counts, record: { action: 'reference.import', entity: 'referenceData', entityId: source, after: counts } };
    },
    undefined,
    { whenDayClosed: 'allow' },
  );
}

export async function referenceCounts(db: StationDb) {
  const [expectedReturns, catalog, policies, users] = await Promise.all([
    db.expectedReturns.count(),
    db.catalog.count(),
    db.policies.count(),
    db.users.count(),
  ]);
  return { expectedReturns, catalog, policies, users };
}
