// Simulated stations at a dock's pace: each receives a parcel every PARCEL_MS (the generator's day: a unit
// every 15 s, two to a parcel), its six actions spread over it, and pushes what it wrote as the station's
// engine does — at once, one push on the way at a time, what was written meanwhile going in the next.
import { Agent, request } from 'undici';
import type { OutboxItem } from '../../../shared/sync/protocol';
import { stationRecords, type Draft } from '../replicate-records';

/** Records written by each action of a parcel: opened, weighed, box checked, two units (unit + label), completed (+ refund). */
export const ACTIONS = [1, 1, 1, 2, 2, 2];
export const PARCEL_MS = 30_000;
const ACTION_MS = PARCEL_MS / ACTIONS.length;
export const ACTION_MS_NOTE = `six actions ${ACTION_MS / 1000} s apart writing ${ACTIONS.join('+')} records`;
/** A station's records per second at this pace. */
export const RECORDS_PER_S = ACTIONS.reduce((a, b) => a + b, 0) / (PARCEL_MS / 1000);

export interface FleetStation {
  hq: string;
  token: string;
  installId: string;
  lpnPrefix: string;
}

interface State {
  written: number;
  acked: number;
  onTheWay: boolean;
  nextAction: number;
  action: number;
}

export interface Push {
  startedAt: number;
  ms: number;
  records: number;
}

export function pacedFleet(template: Draft[], stations: FleetStation[]) {
  // Stations share a few hundred connections to each HQ process, as behind a load balancer.
  const agent = new Agent({ connections: 256, pipelining: 1, keepAliveTimeout: 30_000 });
  const state: State[] = stations.map(() => ({ written: 0, acked: 0, onTheWay: false, nextAction: Number.POSITIVE_INFINITY, action: 0 }));
  const pushes: Push[] = [];
  const errors: string[] = [];
  let active = 0;
  let offering = true;

  async function push(i: number) {
    const s = state[i]!;
    const st = stations[i]!;
    s.onTheWay = true;
    try {
      while (s.acked < s.written) {
        const first = s.acked + 1;
        const items: OutboxItem[] = stationRecords(template, Math.min(500, s.written - s.acked), st.lpnPrefix, first);
        const startedAt = performance.now();
        const res = await request(`${st.hq}/v1/sync/push`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${st.token}` },
          body: JSON.stringify({ installId: st.installId, items, audit: [] }),
          dispatcher: agent,
        });
        const text = await res.body.text();
        if (res.statusCode !== 200) throw new Error(`push refused: ${res.statusCode} ${text.slice(0, 200)}`);
        const answer = JSON.parse(text) as { ackSeq: number; rejected: unknown[] };
        if (answer.rejected.length) throw new Error(`HQ refused records: ${text.slice(0, 200)}`);
        pushes.push({ startedAt, ms: performance.now() - startedAt, records: items.length });
        s.acked = answer.ackSeq;
      }
    } catch (err) {
      errors.push((err as Error).message);
    } finally {
      s.onTheWay = false;
    }
  }

  const ticker = setInterval(() => {
    const now = performance.now();
    for (let i = 0; i < active; i++) {
      const s = state[i]!;
      if (offering && s.nextAction <= now) {
        s.written += ACTIONS[s.action % ACTIONS.length]!;
        s.action++;
        s.nextAction += ACTION_MS;
      }
      if (!s.onTheWay && s.acked < s.written) void push(i);
    }
  }, 50);

  return {
    pushes,
    errors,
    /** Stations up to `n` start working, each at its own moment within one action's time. */
    activate(n: number) {
      const now = performance.now();
      for (let i = active; i < n; i++) state[i]!.nextAction = now + Math.random() * ACTION_MS;
      active = Math.max(active, n);
    },
    /** Stops writing; resolves once everything written has been taken by HQ. */
    async drain(limitMs = 300_000) {
      offering = false;
      const deadline = performance.now() + limitMs;
      while (state.some((s) => s.acked < s.written || s.onTheWay)) {
        if (performance.now() > deadline) throw new Error('the fleet did not drain in time');
        await new Promise((r) => setTimeout(r, 100));
      }
      clearInterval(ticker);
      await agent.close();
      return state.reduce((sum, s) => sum + s.written, 0);
    },
  };
}
