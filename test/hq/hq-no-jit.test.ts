import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshHqDatabase } from '../helpers/hq-database';

let hq: Awaited<ReturnType<typeof freshHqDatabase>>;
beforeAll(async () => {
  hq = await freshHqDatabase();
});
afterAll(async () => {
  await hq?.drop();
});

describe('HQ on a PostgreSQL server', () => {
  // Short statements over partitioned tables pass the JIT's cost threshold: compiling them took seconds.
  it('runs its statements without the JIT compiler', async ({ skip }) => {
    if (hq.kind !== 'postgresql') skip('PGlite has no JIT');
    expect((await hq.pool.query<{ jit: string }>('show jit')).rows[0]!.jit).toBe('off');
  });
});
