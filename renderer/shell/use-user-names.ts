import { useLiveQuery } from 'dexie-react-hooks';
import { useCallback } from 'react';
import { useAppServices } from '../app-services';

/** Who an id is, for people: the user's name where the station knows it, else the id itself. */
export function useUserNames(): (id: string) => string {
  const { db } = useAppServices();
  const names = useLiveQuery(async () => new Map((await db.users.toArray()).map((u) => [u.id, u.name])), [db]);
  return useCallback((id: string) => names?.get(id) ?? id, [names]);
}
