import { randomUUID } from 'node:crypto';
import { provisionalLpnPrefix } from '../../shared/sync/lpn-prefix';
import { hqAdmin } from '../e2e/hq-process';

/** Talking to a real HQ process over HTTP, as a station (or anyone) would. */
export interface Answer {
  status: number;
  headers: Headers;
  body: any;
  text: string;
}

export async function http(
  base: string,
  method: string,
  url: string,
  options: { token?: string; json?: unknown; raw?: string | Uint8Array; contentType?: string; headers?: Record<string, string> } = {},
): Promise<Answer> {
  const headers: Record<string, string> = { ...(options.headers ?? {}) };
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  let body: string | Uint8Array | undefined;
  if (options.json !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(options.json);
  } else if (options.raw !== undefined) {
    headers['content-type'] = options.contentType ?? 'application/json';
    body = options.raw;
  }
  const res = await fetch(`${base}${url}`, { method, headers, ...(body !== undefined ? { body: body as BodyInit } : {}), signal: AbortSignal.timeout(30_000) });
  const text = await res.text();
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = undefined;
  }
  return { status: res.status, headers: res.headers, body: parsed, text };
}

/** A station as HQ sees it: its token, install, LPN prefixes, and its own record numbering. */
export class HqStation {
  seq = 0;
  auditSeq = 0;
  lpns = 0;
  constructor(
    readonly base: string,
    readonly warehouseId: string,
    readonly stationId: string,
    readonly token: string,
    readonly installId: string,
    readonly lpnPrefix: string,
  ) {}

  static async enrol(
    base: string,
    storage: { env: Record<string, string>; dataDir: string },
    warehouseId: string,
    stationId: string,
    options: { installId?: string; replace?: boolean } = {},
  ) {
    const code = /: ([A-Z0-9]{4}(?:-[A-Z0-9]{4}){3})\s*$/m.exec(hqAdmin(storage, ['code', warehouseId, stationId]))![1]!;
    const installId = options.installId ?? randomUUID();
    const res = await http(base, 'POST', '/v1/enrol', { json: { warehouseId, stationId, code, installId, ...(options.replace ? { replace: true } : {}) } });
    if (res.status !== 200) throw new Error(`enrol ${stationId}: ${res.status} ${res.text}`);
    return new HqStation(base, warehouseId, stationId, res.body.token, installId, res.body.lpnPrefix);
  }

  nextLpn(provisional = false) {
    this.lpns++;
    const prefix = provisional ? provisionalLpnPrefix(this.installId) : this.lpnPrefix;
    return `LPN${prefix}${this.lpns
      .toString(36)
      .toUpperCase()
      .padStart(10 - prefix.length, '0')}`;
  }

  /** A container id under this station's prefix (`CTN` + the LPN body), as the bench's ledger reserves them. */
  nextContainer() {
    return `CTN${this.nextLpn().slice(3)}`;
  }

  /** Pushes records (numbered on from the last), with whatever audit events are given. */
  push(records: { type: string; payload: unknown }[], audit: unknown[] = [], installId = this.installId, more: Record<string, unknown> = {}) {
    const items = records.map((r) => ({ seq: ++this.seq, type: r.type, v: 1, createdAt: new Date().toISOString(), payload: r.payload }));
    return http(this.base, 'POST', '/v1/sync/push', { token: this.token, json: { installId, items, audit, ...more } });
  }

  pull(query = 'checkpoint=') {
    return http(this.base, 'GET', `/v1/sync/pull?${query}`, { token: this.token });
  }
}

const now = () => new Date().toISOString();

/** Records as a station's ledger writes them (the fields HQ reads). */
export const records = {
  parcelOpened: (id: string, rmaNos: string[], stationId = 'DOCK-1') => ({
    type: 'parcel.opened',
    payload: {
      id,
      stationId,
      scanned: rmaNos[0] ?? 'SF1',
      match: { kind: rmaNos.length ? 'rma' : 'blind' },
      rmaNos,
      trackingNumber: null,
      carrier: null,
      openedAt: now(),
      clerkId: 'C001',
    },
  }),
  parcelVoided: (id: string) => ({ type: 'parcel.voided', payload: { id, reason: 'stray scan', by: 'M001', at: now() } }),
  unitReceived: (lpn: string, parcelId: string, rmaNo?: string, extra: Record<string, unknown> = {}) => ({
    type: 'unit.received',
    payload: {
      lpn,
      parcelId,
      ...(rmaNo ? { rmaNo } : {}),
      expectedLineId: rmaNo ? 'L1' : null,
      match: rmaNo ? 'matched' : 'unexpected',
      grade: 'A',
      disposition: 'SELLABLE',
      channel: 'restock',
      acceptance: 'accepted',
      inspectedAt: now(),
      clerkId: 'C001',
      qty: 1,
      scan: { raw: '06901234567892', gtin: '06901234567892' },
      ...extra,
    },
  }),
  unitDecided: (lpn: string) => ({
    type: 'unit.decided',
    payload: {
      lpn,
      before: {},
      after: { acceptance: 'rejected', disposition: 'DAMAGED', channel: 'liquidate' },
      reason: 'looks damaged',
      by: 'M001',
      at: now(),
    },
  }),
  exceptionRaised: (id: string, parcelId: string, status: 'open' | 'resolved' = 'open') => ({
    type: status === 'open' ? 'exception.raised' : 'exception.resolved',
    payload: {
      id,
      kind: 'weight_variance',
      status,
      parcelId,
      details: [],
      createdAt: '2026-12-01T06:00:00.000Z',
      ...(status === 'resolved' ? { resolution: 'fine', resolvedBy: 'M001', resolvedAt: now() } : {}),
    },
  }),
  photoAdded: (sha256: string, parcelId: string, lpn?: string) => ({
    type: 'photo.added',
    payload: { sha256, bytes: 10, parcelId, entity: lpn ? 'unit' : 'parcel', entityId: lpn ?? parcelId, takenAt: now() },
  }),
  containerOpened: (id: string, route: string, vendor?: string, openedAt = now()) => ({
    type: 'container.opened',
    payload: { id, route, ...(vendor ? { vendor } : {}), status: 'open', openedAt, openedBy: 'C002', labelJobId: `job-${id}` },
  }),
  unitIntoContainer: (containerId: string, lpn: string, extra: Record<string, unknown> = {}) => ({
    type: 'container.unitAdded',
    payload: { containerId, lpn, at: now(), by: 'C002', ...extra },
  }),
  unitOutOfContainer: (containerId: string, lpn: string, reason = 'packed by mistake') => ({
    type: 'container.unitRemoved',
    payload: { containerId, lpn, at: now(), by: 'C002', reason },
  }),
  containerClosed: (id: string, lpns: string[], weightGrams: number, at = now()) => ({
    type: 'container.closed',
    payload: { id, at, by: 'C002', lpns, weightGrams, weightSource: 'scale', manifestJobId: `manifest-${id}` },
  }),
  containerReopened: (id: string) => ({ type: 'container.reopened', payload: { id, at: now(), by: 'M001', reason: 'one more restock unit' } }),
  unitRelabelled: (lpn: string) => ({ type: 'unit.relabelled', payload: { lpn, at: now(), by: 'C002', gtin: '06901234567892', labelJobId: `shelf-${lpn}` } }),
  refundDecided: (id: string, rmaNo: string, parcelId: string, deltaMinor: number, accepted = 1, lines = [{ lineId: 'L1', qty: 1 }]) => ({
    type: 'refund.decided',
    payload: {
      id,
      rmaNo,
      seq: 1,
      parcelId,
      cause: 'parcel',
      decidedAt: now(),
      decidedBy: 'C001',
      previousTotalMinor: 0,
      deltaMinor,
      complete: true,
      returnLines: lines,
      recommendation: {
        rmaNo,
        currency: 'CNY',
        status: 'ready',
        lines: [
          {
            lineId: 'L1',
            acceptedQty: accepted,
            rejectedQty: 0,
            pendingQty: 0,
            unitPriceMinor: deltaMinor,
            grossMinor: deltaMinor * accepted,
            restockingFeeMinor: 0,
            reasons: [],
          },
        ],
        grossMinor: deltaMinor,
        restockingFeeMinor: 0,
        freight: { payer: 'none', deductedMinor: 0, reimbursedMinor: 0 },
        giftDeductionMinor: 0,
        paidMinor: deltaMinor,
        totalMinor: deltaMinor,
        reasons: [],
        policy: { id: 'cn', version: 1 },
      },
    },
  }),
};
