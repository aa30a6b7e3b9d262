import { useLiveQuery } from 'dexie-react-hooks';
import { createContext, useCallback, useContext, useEffect, useRef, useState, type ReactNode } from 'react';
import type { StationUser } from '../../../shared/returns';
import { useAppServices } from '../../app-services';
import { scanBus } from '../../devices/scan-bus';
import { recordAccessEvent } from '../../ledger';

/** A manager session ends by itself after this long without a key, a click or a scan. */
export const MANAGER_IDLE_MS = 5 * 60_000;
const KEY = 'returns-station.manager';

export interface ManagerSession {
  manager: StationUser | null;
  /** False on a station no manager is known on yet (first setup): nothing is locked then. */
  hasManagers: boolean | undefined;
  begin(manager: StationUser): void;
  end(why: 'button' | 'idle'): void;
}

const Ctx = createContext<ManagerSession | null>(null);

/**
 * The manager session: begun with a manager's PIN or badge, ended by the manager or after
 * MANAGER_IDLE_MS idle. A clerk signed in as a manager at Receive is one too. Begin and end are audited.
 */
export function ManagerSessionProvider({ children }: { children: ReactNode }) {
  const { db, user } = useAppServices();
  const hasManagers = useLiveQuery(async () => (await db.users.filter((u) => u.role === 'manager').count()) > 0, [db]);
  const [session, setSession] = useState<StationUser | null>(null);
  const manager = session ?? (user?.role === 'manager' ? user : null);
  const lastActive = useRef(Date.now());

  // A reload within the idle time keeps the session (a crash must not make the manager start over).
  useEffect(() => {
    try {
      const saved = JSON.parse(sessionStorage.getItem(KEY) ?? 'null') as { id: string; lastActive: number } | null;
      if (saved && Date.now() - saved.lastActive < MANAGER_IDLE_MS) void db.users.get(saved.id).then((u) => u?.role === 'manager' && setSession(u));
    } catch {
      sessionStorage.removeItem(KEY);
    }
  }, [db]);

  const begin = useCallback(
    (m: StationUser) => {
      lastActive.current = Date.now();
      sessionStorage.setItem(KEY, JSON.stringify({ id: m.id, lastActive: lastActive.current }));
      setSession(m);
      void recordAccessEvent(db, { who: m.id }, 'manager.signIn', {}).catch(() => undefined);
    },
    [db],
  );
  const current = useRef<StationUser | null>(null);
  current.current = session;
  const end = useCallback(
    (why: 'button' | 'idle') => {
      sessionStorage.removeItem(KEY);
      const ending = current.current;
      if (ending) void recordAccessEvent(db, { who: ending.id }, 'manager.signOut', { why }).catch(() => undefined);
      setSession(null);
    },
    [db],
  );

  useEffect(() => {
    if (!session) return;
    const touch = () => {
      lastActive.current = Date.now();
      sessionStorage.setItem(KEY, JSON.stringify({ id: session.id, lastActive: lastActive.current }));
    };
    const events = ['keydown', 'pointerdown', 'wheel'] as const;
    for (const e of events) window.addEventListener(e, touch, true);
    const offScan = scanBus.subscribe(touch);
    const timer = setInterval(() => {
      if (Date.now() - lastActive.current >= MANAGER_IDLE_MS) end('idle');
    }, 1000);
    return () => {
      for (const e of events) window.removeEventListener(e, touch, true);
      offScan();
      clearInterval(timer);
    };
  }, [session, end]);

  return <Ctx.Provider value={{ manager, hasManagers, begin, end }}>{children}</Ctx.Provider>;
}

export function useManagerSession(): ManagerSession {
  const v = useContext(Ctx);
  if (!v) throw new Error('useManagerSession outside ManagerSessionProvider');
  return v;
}
