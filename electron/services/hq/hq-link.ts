import { createHash } from 'node:crypto';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { isErrorCode, StationError } from '../../../shared/errors';
import { createHqClient, HqCallError, type CallInput, type FetchLike } from '../../../shared/hq-api/client';
import { HQ_ROUTES, type HqRouteName } from '../../../shared/hq-api/routes';
import type { HqLinkStatus } from '../../../shared/ipc/contract';
import { BLOB_MAX_BYTES, type PullResponse, type PushRequest, type PushResponse } from '../../../shared/sync/protocol';
import { writeFileAtomic } from '../files/atomic-write';

/** Electron's safeStorage (OS keyring) where it is available; browser mode keeps the token in a 0600 file. */
export interface TokenCipher {
  encrypt(plain: string): Buffer;
  decrypt(sealed: Buffer): string;
}

const LinkFileSchema = z.object({
  warehouseId: z.string(),
  stationId: z.string(),
  installId: z.string(),
  lpnPrefix: z.string(),
  enrolledAt: z.string(),
  /** The token itself (file storage) or sealed by the OS keyring, base64. */
  token: z.string().optional(),
  sealedToken: z.string().optional(),
});
type LinkFile = z.infer<typeof LinkFileSchema>;

/**
 * What went wrong talking to HQ, as a StationError whose code (from the list station and HQ share) says
 * what to do: HQ's own code when it gave one (`sequence_gap`, `reenrol_required`, `station_taken`, …),
 * `hq_unreachable` / `hq_unavailable` when waiting can help, `hq_incompatible` when HQ speaks another
 * version, `hq_refused` for a code this station does not know (a newer HQ's).
 */
function stationErrorOf(err: unknown, route: HqRouteName): StationError {
  if (!(err instanceof HqCallError)) return err instanceof StationError ? err : new StationError('internal', (err as Error)?.message ?? String(err));
  const where = HQ_ROUTES[route].path;
  switch (err.kind) {
    case 'unreachable':
      return new StationError('hq_unreachable', `${err.message}; the station keeps working and sends later.`);
    case 'unreadable':
      return new StationError('hq_unavailable', `HQ's answer to ${where} was not understood; the station tries again later.`);
    case 'misfit':
      return new StationError(
        'hq_incompatible',
        `HQ's answer to ${where} does not fit this station's version (${err.message}). Update the station or ask HQ's administrator; the station keeps its records and tries again.`,
        { route: where, where: err.code },
      );
    case 'refused': {
      const details = { ...err.body, status: err.status, code: err.code || 'unknown' };
      if (err.code && isErrorCode(err.code)) return new StationError(err.code, err.message, details);
      if (err.status >= 500 || err.status === 429 || !err.code)
        return new StationError('hq_unavailable', `HQ answered ${err.status}; the station tries again later.`, details);
      return new StationError('hq_refused', err.message, details);
    }
  }
}

/**
 * The station's side of the link to HQ, in Node: the token never reaches the renderer (its CSP allows
 * only the app's own origin anyway). Enrolment, push, pull and photo upload, built from HQ's route list
 * (shared/hq-api/routes.ts); every failure is a StationError whose code says what to do (see above).
 */
export function createHqLink(options: {
  dataDir: string;
  baseUrl: () => string;
  cipher?: TokenCipher;
  timeoutMs?: number;
  fetchImpl?: typeof fetch;
  /** The station's version, told to HQ with each push. */
  appVersion?: string;
}) {
  const file = path.join(options.dataDir, 'hq-link.json');
  const staging = path.join(options.dataDir, 'hq-upload');
  const doFetch = (options.fetchImpl ?? fetch) as unknown as FetchLike;
  const timeoutMs = options.timeoutMs ?? 15_000;
  let cached: LinkFile | null | undefined;

  async function load(): Promise<LinkFile | null> {
    if (cached !== undefined) return cached;
    try {
      cached = LinkFileSchema.parse(JSON.parse(await readFile(file, 'utf8')));
    } catch {
      cached = null;
    }
    return cached;
  }
  const tokenOf = (link: LinkFile) => (link.sealedToken && options.cipher ? options.cipher.decrypt(Buffer.from(link.sealedToken, 'base64')) : link.token);

  async function hq(auth: boolean) {
    const base = options.baseUrl().replace(/\/+$/, '');
    if (!/^https?:\/\//.test(base)) throw new StationError('hq_not_configured', 'No HQ address is set: enter it in Settings → HQ.');
    let token: string | undefined;
    if (auth) {
      const link = await load();
      token = (link && tokenOf(link)) || undefined;
      if (!token) throw new StationError('hq_not_enrolled', 'This station is not enrolled with HQ yet: Settings → HQ.');
    }
    return createHqClient({
      baseUrl: base,
      fetch: doFetch,
      signal: () => AbortSignal.timeout(timeoutMs),
      ...(token ? { authorization: () => `Bearer ${token}` } : {}),
    });
  }

  async function call<N extends HqRouteName>(name: N, input: CallInput<N>, auth = true) {
    const client = await hq(auth);
    try {
      return await client.call(name, input);
    } catch (err) {
      throw stationErrorOf(err, name);
    }
  }

  return {
    async status(): Promise<HqLinkStatus> {
      const link = await load();
      const tokenStorage = options.cipher ? 'os-keyring' : 'file';
      return link
        ? {
            enrolled: true,
            warehouseId: link.warehouseId,
            stationId: link.stationId,
            installId: link.installId,
            lpnPrefix: link.lpnPrefix,
            enrolledAt: link.enrolledAt,
            tokenStorage,
          }
        : { enrolled: false, tokenStorage };
    },

    /**
     * Trades a one-time code for this install's token; kept in the data directory (0600) or the OS keyring.
     * `replace`: take over a station id another computer holds (HQ refuses with `station_taken` otherwise).
     */
    async enrol(input: { warehouseId: string; stationId: string; code: string; installId: string; replace?: boolean }): Promise<HqLinkStatus> {
      const res = await call('enrol', { body: input }, false);
      const link: LinkFile = {
        warehouseId: res.warehouseId,
        stationId: res.stationId,
        installId: input.installId,
        lpnPrefix: res.lpnPrefix,
        enrolledAt: new Date().toISOString(),
        ...(options.cipher ? { sealedToken: options.cipher.encrypt(res.token).toString('base64') } : { token: res.token }),
      };
      await mkdir(options.dataDir, { recursive: true });
      await writeFileAtomic(file, JSON.stringify(link, null, 2));
      cached = link;
      return this.status();
    },

    /** A batch of records; HQ also hears the station's version and clock (its clock skew) with it. */
    push(body: PushRequest): Promise<PushResponse> {
      const health = { ...body.health, ...(options.appVersion ? { version: options.appVersion } : {}), sentAt: new Date().toISOString() };
      return call('push', { body: { ...body, health } });
    },

    /** A page of the warehouse's reference data, what other stations received for its returns, and exceptions resolved at HQ. */
    pull(checkpoint: string): Promise<PullResponse> {
      return call('pull', { query: { checkpoint, limit: 500, with: 'receipts,resolutions' } });
    },

    /**
     * One part of a photo (the page's messages are limited in size): parts are staged in the data
     * directory and, with the last one, the whole photo is checked against its hash and uploaded.
     */
    async putBlobPart(input: { sha256: string; index: number; count: number; base64: string }): Promise<{ done: boolean }> {
      await mkdir(staging, { recursive: true });
      const part = path.join(staging, `${input.sha256}.${input.index}`);
      await writeFile(part, Buffer.from(input.base64, 'base64'));
      if (input.index < input.count - 1) return { done: false };
      const parts: Buffer[] = [];
      for (let i = 0; i < input.count; i++) parts.push(await readFile(path.join(staging, `${input.sha256}.${i}`)).catch(() => Buffer.alloc(0)));
      const whole = Buffer.concat(parts);
      try {
        if (whole.length > BLOB_MAX_BYTES) throw new StationError('photo_too_large', `The photo is ${whole.length} bytes; HQ takes at most ${BLOB_MAX_BYTES}.`);
        if (createHash('sha256').update(whole).digest('hex') !== input.sha256)
          throw new StationError('photo_damaged', 'The photo does not match its hash (a part went missing): it is sent again.');
        await call('putBlob', { params: { sha256: input.sha256 }, body: new Uint8Array(whole) });
        return { done: true };
      } finally {
        for (let i = 0; i < input.count; i++) await rm(path.join(staging, `${input.sha256}.${i}`), { force: true });
      }
    },
  };
}
export type HqLink = ReturnType<typeof createHqLink>;
