import { createHash } from 'node:crypto';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { StationError } from '../../../shared/errors';
import { BLOB_MAX_BYTES, EnrolResponseSchema, HqErrorSchema, PullResponseSchema, PushResponseSchema, type PullResponse, type PushRequest, type PushResponse } from '../../../shared/sync/protocol';
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

export interface HqLinkStatus {
  enrolled: boolean;
  warehouseId?: string;
  stationId?: string;
  installId?: string;
  lpnPrefix?: string;
  enrolledAt?: string;
  tokenStorage: 'os-keyring' | 'file';
}

/**
 * The station's side of the link to HQ, in Node: the token never reaches the renderer (its CSP allows
 * only the app's own origin anyway). Enrolment, push, pull and photo upload; every failure is a
 * StationError that says whether trying again later can help (`hq_unreachable`, `hq_unavailable`) or a
 * person must act (`hq_refused`, with HQ's code and message; `hq_incompatible`, HQ answers in another
 * protocol version).
 */
export function createHqLink(options: { dataDir: string; baseUrl: () => string; cipher?: TokenCipher; timeoutMs?: number; fetchImpl?: typeof fetch }) {
  const file = path.join(options.dataDir, 'hq-link.json');
  const staging = path.join(options.dataDir, 'hq-upload');
  const doFetch = options.fetchImpl ?? fetch;
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

  async function request<T>(method: string, route: string, schema: z.ZodType<T>, body?: { json?: unknown; bytes?: Buffer }, auth = true): Promise<T> {
    const base = options.baseUrl().replace(/\/+$/, '');
    if (!/^https?:\/\//.test(base)) throw new StationError('hq_not_configured', 'No HQ address is set: enter it in Settings → HQ.');
    const headers: Record<string, string> = {};
    if (auth) {
      const link = await load();
      const token = link && tokenOf(link);
      if (!token) throw new StationError('hq_not_enrolled', 'This station is not enrolled with HQ yet: Settings → HQ.');
      headers.authorization = `Bearer ${token}`;
    }
    if (body?.json !== undefined) headers['content-type'] = 'application/json';
    if (body?.bytes) headers['content-type'] = 'application/octet-stream';
    let res: Response;
    try {
      res = await doFetch(`${base}${route}`, {
        method,
        headers,
        ...(body?.json !== undefined ? { body: JSON.stringify(body.json) } : body?.bytes ? { body: new Uint8Array(body.bytes) } : {}),
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (err) {
      throw new StationError('hq_unreachable', `HQ at ${base} cannot be reached (${(err as Error).message}); the station keeps working and sends later.`);
    }
    const text = await res.text();
    let data: unknown;
    try {
      data = text ? JSON.parse(text) : undefined;
    } catch {
      data = undefined;
    }
    if (res.status >= 500 || res.status === 429) throw new StationError('hq_unavailable', `HQ answered ${res.status}; the station tries again later.`);
    if (res.status >= 400) {
      const e = HqErrorSchema.safeParse(data);
      throw new StationError('hq_refused', e.success ? e.data.message : `HQ refused the request (${res.status}).`, { status: res.status, code: e.success ? e.data.code : 'unknown' });
    }
    const parsed = schema.safeParse(data);
    if (!parsed.success) {
      // No JSON at all is a proxy page or a cut-off answer: try later. JSON that does not fit is HQ speaking
      // another version of the protocol, which waiting alone will not fix: say so, and where.
      if (data === undefined) throw new StationError('hq_unavailable', `HQ's answer to ${route} was not understood; the station tries again later.`);
      const issue = parsed.error.issues[0];
      const where = issue ? `${issue.path.join('.') || 'the answer'}: ${issue.message}` : 'unknown field';
      throw new StationError('hq_incompatible', `HQ's answer to ${route.split('?')[0]} does not fit this station's version (${where}). Update the station or ask HQ's administrator; the station keeps its records and tries again.`, { route: route.split('?')[0], where });
    }
    return parsed.data;
  }

  return {
    async status(): Promise<HqLinkStatus> {
      const link = await load();
      const tokenStorage = options.cipher ? 'os-keyring' : 'file';
      return link ? { enrolled: true, warehouseId: link.warehouseId, stationId: link.stationId, installId: link.installId, lpnPrefix: link.lpnPrefix, enrolledAt: link.enrolledAt, tokenStorage } : { enrolled: false, tokenStorage };
    },

    /** Trades a one-time code for this install's token; kept in the data directory (0600) or the OS keyring. */
    async enrol(input: { warehouseId: string; stationId: string; code: string; installId: string }): Promise<HqLinkStatus> {
      const res = await request('POST', '/v1/enrol', EnrolResponseSchema, { json: input }, false);
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

    push(body: PushRequest): Promise<PushResponse> {
      return request('POST', '/v1/sync/push', PushResponseSchema, { json: body });
    },

    pull(checkpoint: string): Promise<PullResponse> {
      return request('GET', `/v1/sync/pull?checkpoint=${encodeURIComponent(checkpoint)}&limit=500`, PullResponseSchema);
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
        if (createHash('sha256').update(whole).digest('hex') !== input.sha256) throw new StationError('photo_damaged', 'The photo does not match its hash (a part went missing): it is sent again.');
        await request('PUT', `/v1/blobs/${input.sha256}`, z.object({ stored: z.boolean() }), { bytes: whole });
        return { done: true };
      } finally {
        for (let i = 0; i < input.count; i++) await rm(path.join(staging, `${input.sha256}.${i}`), { force: true });
      }
    },
  };
}
export type HqLink = ReturnType<typeof createHqLink>;
