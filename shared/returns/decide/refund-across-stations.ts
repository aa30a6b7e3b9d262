/**
 * A return's refund over every station of its warehouse (HQ's rule). Each station decides what a return is
 * due from the units it received; two stations that both received the same return (two parcels sent, one
 * parcel scanned twice, an offline station) would each decide it in full. HQ keeps, per return, what it let
 * through and what each station accepted per line, and holds any decision that would take the return past
 * what it is due — a unit beyond its line's quantity, or money beyond what the customer paid — as a
 * `refund_conflict` for a person to settle. Reductions always pass; once a conflict is open, anything more
 * for that return waits for it.
 */
import { reason, type Reason } from '../reasons';

export interface ReturnRefundState {
  /** What HQ let through so far (the sum of the decisions it did not hold). */
  dueMinor: number;
  /** What it holds for a person. */
  heldMinor: number;
  /** A conflict is open: everything more for this return waits for it. */
  conflictOpen: boolean;
  /** Units each station accepted per line, as its latest decision says: `{ station: { lineId: qty } }`. */
  accepted: Record<string, Record<string, number>>;
}

/** What the return is due at most: its lines' quantities and what the customer paid (HQ's expected return, else the first station's). */
export interface ReturnDue {
  lines: { lineId: string; qty: number }[];
  ceilingMinor: number;
}

export interface StationDecision {
  stationId: string;
  deltaMinor: number;
  /** The station's whole view of the return after this decision (cumulative). */
  lines: { lineId: string; acceptedQty: number }[];
}

export interface AcrossStationsVerdict {
  verdict: 'due' | 'on_hold';
  state: ReturnRefundState;
  /** Set when this decision opens a conflict: why, for the person who settles it. */
  conflict?: Reason[];
}

export const emptyReturnRefund = (): ReturnRefundState => ({ dueMinor: 0, heldMinor: 0, conflictOpen: false, accepted: {} });

export function judgeAcrossStations(state: ReturnRefundState, decision: StationDecision, due: ReturnDue | null): AcrossStationsVerdict {
  const accepted = {
    ...state.accepted,
    [decision.stationId]: Object.fromEntries(decision.lines.filter((l) => l.acceptedQty > 0).map((l) => [l.lineId, l.acceptedQty])),
  };
  const held = (conflict?: Reason[]): AcrossStationsVerdict => ({
    verdict: 'on_hold',
    state: { ...state, accepted, heldMinor: state.heldMinor + decision.deltaMinor, conflictOpen: true },
    ...(conflict ? { conflict } : {}),
  });
  if (decision.deltaMinor <= 0) return { verdict: 'due', state: { ...state, accepted, dueMinor: state.dueMinor + decision.deltaMinor } };
  if (state.conflictOpen) return held();

  const stationsOf = (lineId: string) => Object.keys(accepted).filter((s) => (accepted[s]![lineId] ?? 0) > 0);
  const reasons: Reason[] = [];
  if (due) {
    for (const line of due.lines) {
      const received = Object.values(accepted).reduce((n, lines) => n + (lines[line.lineId] ?? 0), 0);
      if (received > line.qty)
        reasons.push(
          reason('refund.lineOverAcrossStations', { line: line.lineId, qty: line.qty, accepted: received, stations: stationsOf(line.lineId).join(', ') }),
        );
    }
    if (state.dueMinor + decision.deltaMinor > due.ceilingMinor)
      reasons.push(reason('refund.pastWhatWasPaid', { dueMinor: state.dueMinor, deltaMinor: decision.deltaMinor, ceilingMinor: due.ceilingMinor }));
  } else {
    // Nothing says what the return holds: a second station paying for it is for a person to look at.
    const paying = Object.keys(accepted).filter((s) => Object.keys(accepted[s]!).length > 0);
    if (paying.length > 1) reasons.push(reason('refund.twoStationsNoLines', { stations: paying.join(', ') }));
  }
  if (reasons.length > 0) return held(reasons);
  return { verdict: 'due', state: { ...state, accepted, dueMinor: state.dueMinor + decision.deltaMinor } };
}

/** What an expected return is due at most: every line in full, and the postage the customer paid. */
export function returnDueOf(expected: {
  lines: { lineId: string; qty: number; unitPriceMinor: number }[];
  returnFreight?: { amountMinor: number; paidBy: string } | undefined;
}): ReturnDue {
  const goods = expected.lines.reduce((n, l) => n + l.qty * l.unitPriceMinor, 0);
  return {
    lines: expected.lines.map((l) => ({ lineId: l.lineId, qty: l.qty })),
    ceilingMinor: goods + (expected.returnFreight?.paidBy === 'customer' ? expected.returnFreight.amountMinor : 0),
  };
}
