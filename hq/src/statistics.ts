import type pg from 'pg';

/**
 * Analyzes each of HQ's tables changed by more than autovacuum's own threshold since its last analyze (50 rows
 * and a tenth of the table) — when autovacuum does not run on this server; one HQ process at a time (the
 * others skip the round). The database's `hq_analyze_changed()` (migration 014). Returns how many it analyzed.
 */
export async function analyzeWhatChanged(pool: pg.Pool): Promise<number> {
  const r = await pool.query<{ analyzed: number }>('select hq_analyze_changed() as analyzed');
  return r.rows[0]?.analyzed ?? 0;
}

/**
 * PostgreSQL plans HQ's statements by its statistics, and a push's plans are kept for a connection's life, made
 * again when a table's statistics change. Autovacuum keeps them as tables grow; on a server where it is off
 * (a test server's configuration, say) a plan would treat a warehouse's year of rows as the empty tables of its
 * first minute, for ever. HQ then keeps the statistics itself, at start and every `everyMs`, by autovacuum's rule.
 */
export function startStatisticsKeeper(pool: pg.Pool, options: { everyMs?: number; onError?(err: unknown): void } = {}) {
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  const round = async () => {
    try {
      await analyzeWhatChanged(pool);
    } catch (err) {
      options.onError?.(err);
    }
    if (!stopped) timer = setTimeout(() => void round(), options.everyMs ?? 30_000);
  };
  void round();
  return {
    stop() {
      stopped = true;
      clearTimeout(timer);
    },
  };
}
