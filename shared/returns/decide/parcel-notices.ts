import type { Reason } from '../reasons';
import { reason } from '../reasons';
import type { Policy } from '../policy/schema';
import type { ExpectedReturn } from '../records/expected-return';
import { windowPosition } from './eligibility';

/**
 * What the clerk must know the moment a return's parcel is scanned, before anything is opened: it was
 * received already (all or part), it was cancelled, it is outside its window, it is worth a second look,
 * which serials to expect, what the customer said. Each is a reason the UI words in the clerk's language.
 */
export function parcelNotices(input: {
  expected: ExpectedReturn;
  policy: Policy | null;
  /** Units of this return received in other parcels. */
  earlier: { lpn: string; inspectedAt: string; qty: number; expectedLineId: string | null; match: string }[];
  /** What other stations of the warehouse received for it, as HQ last said (their parcels and units). */
  elsewhere?: { parcels: { station: string; at: string }[]; units: { station: string; lpn: string; at: string }[] };
  handedToCarrierAt?: string;
}): Reason[] {
  const { expected: e, policy } = input;
  const notices: Reason[] = [];
  if (e.status === 'cancelled') notices.push(reason('notice.cancelled', { rmaNo: e.rmaNo }));
  if (input.earlier.length > 0) {
    // What counts toward the return: its main lines, received as themselves (gifts and over-receipts do not).
    const mainLines = e.lines.filter((l) => !l.isGift);
    const main = mainLines.reduce((n, l) => n + l.qty, 0);
    const got = input.earlier
      .filter((u) => (u.match === 'matched' || u.match === 'serial_mismatch') && mainLines.some((l) => l.lineId === u.expectedLineId))
      .reduce((n, u) => n + u.qty, 0);
    const last = input.earlier
      .map((u) => u.inspectedAt)
      .sort()
      .at(-1)!;
    notices.push(
      reason(got >= main ? 'notice.receivedAll' : 'notice.receivedPart', {
        count: got,
        expected: main,
        at: last,
        lpns: input.earlier.map((u) => u.lpn).join(', '),
      }),
    );
  }
  // Another dock got it too (a second parcel, or the same parcel scanned twice): said by station, latest first.
  const elsewhere = input.elsewhere ?? { parcels: [], units: [] };
  for (const station of [...new Set([...elsewhere.parcels, ...elsewhere.units].map((x) => x.station))].sort()) {
    const units = elsewhere.units.filter((u) => u.station === station);
    const at = [...units, ...elsewhere.parcels.filter((p) => p.station === station)]
      .map((x) => x.at)
      .sort()
      .at(-1)!;
    notices.push(
      units.length > 0
        ? reason('notice.receivedElsewhere', { station, at, count: units.length, lpns: units.map((u) => u.lpn).join(', ') })
        : reason('notice.openedElsewhere', { station, at }),
    );
  }
  if (policy && e.status !== 'cancelled') {
    if (e.deliveredAt === undefined) notices.push(reason('notice.noDeliveryDate'));
    else {
      const w = windowPosition(e, policy, input.handedToCarrierAt);
      if (w.late)
        notices.push(reason(w.afterDeadline ? 'notice.afterDeadline' : 'notice.late', { days: w.daysAfterDelivery, windowDays: policy.windows.noReasonDays }));
    }
    const paid = e.lines.reduce((n, l) => n + l.unitPriceMinor * l.qty, 0);
    if (paid >= policy.risk.highValueMinor) notices.push(reason('notice.highValue', { amountMinor: paid, thresholdMinor: policy.risk.highValueMinor }));
  }
  const serials = e.lines.flatMap((l) => l.shippedSerials);
  if (serials.length > 0) notices.push(reason('notice.serials', { serials: serials.join(', ') }));
  // Only gifts the customer received can come back: one the store never shipped is not due.
  const gifts = e.lines
    .filter((l) => l.isGift)
    .map((g) => ({ name: g.name, qty: g.shippedQty ?? g.qty }))
    .filter((g) => g.qty > 0);
  if (gifts.length > 0) notices.push(reason('notice.giftsDue', { names: gifts.map((g) => `${g.name} ×${g.qty}`).join(', ') }));
  if (e.customerComment) notices.push(reason('notice.comment', { comment: e.customerComment }));
  return notices;
}
