import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createHqLink } from './hq-link';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'hq-link-'));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

/** A link whose HQ answers every request after enrolment with `body` (status 200). */
async function linkAnswering(body: string) {
  let enrolled = false;
  const fetchImpl = (async () => {
    if (!enrolled) {
      enrolled = true;
      return new Response(JSON.stringify({ token: 'WH-SH-01.DOCK-1.'.padEnd(40, 'x'), warehouseId: 'WH-SH-01', stationId: 'DOCK-1', lpnPrefix: 'A1' }), {
        status: 200,
      });
    }
    return new Response(body, { status: 200 });
  }) as typeof fetch;
  const link = createHqLink({ dataDir: dir, baseUrl: () => 'http://127.0.0.1:9', fetchImpl });
  await link.enrol({ warehouseId: 'WH-SH-01', stationId: 'DOCK-1', code: 'ABCD-EFGH', installId: 'install-1' });
  return link;
}

describe('HQ link: answers it cannot use', () => {
  it('JSON that does not fit (a newer HQ’s field) is hq_incompatible and names the field, not “offline”', async () => {
    const newer = { rows: [{ kind: 'carrierRule', key: 'x', deleted: false, body: {} }], checkpoint: 'c1', reset: false, more: false };
    const link = await linkAnswering(JSON.stringify(newer));
    const err = await link.pull('').then(
      () => undefined,
      (e: unknown) => e as { code: string; message: string },
    );
    expect(err?.code).toBe('hq_incompatible');
    expect(err?.message).toMatch(/\/v1\/sync\/pull does not fit this station's version \(rows\.0/);
    expect(err?.message).not.toContain('checkpoint=');
  });

  it('an answer that is not JSON at all (a proxy page, a cut-off body) is hq_unavailable: try again later', async () => {
    const link = await linkAnswering('<html>gateway</html>');
    await expect(link.pull('')).rejects.toMatchObject({ code: 'hq_unavailable' });
  });
});
