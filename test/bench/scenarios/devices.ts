import { classifyScan } from '../../../shared/barcode/classify';
import { createScaleParser, SCALE_PROTOCOLS } from '../../../shared/devices/scale';
import { scaleFrame } from '../../sim/scale-sim';
import { MIX } from '../classify.bench';
import type { Scenario } from './types';

const perSecond = (count: number, work: () => void) => {
  const t0 = performance.now();
  work();
  return Math.round(count / ((performance.now() - t0) / 1000));
};

/** Scale frames parsed per second per protocol, against splitting the same bytes into lines; scans classified per second. */
export const devicesScenario: Scenario = {
  id: 'devices',
  title: '3. scale frames parsed per second per protocol; scans classified per second',
  async run() {
    const figures: Record<string, number> = {};
    const baseline: Record<string, number> = {};
    const enc = new TextEncoder();
    const dec = new TextDecoder();
    const FRAMES = 100_000;
    for (const protocol of SCALE_PROTOCOLS) {
      const stream = enc.encode(Array.from({ length: FRAMES }, (_, i) => scaleFrame(protocol, 100 + (i % 5000), i % 7 === 0 ? 'motion' : 'stable')).join(''));
      const chunks = Array.from({ length: Math.ceil(stream.length / 64) }, (_, i) => stream.subarray(i * 64, (i + 1) * 64));
      figures[`${protocol}_frames_per_s`] = perSecond(FRAMES, () => {
        const parser = createScaleParser(protocol, { unit: 'kg' });
        for (const c of chunks) parser.push(c);
      });
      baseline[`${protocol}_lines_split_per_s`] = perSecond(FRAMES, () => {
        let tail = '';
        for (const c of chunks) tail = (tail + dec.decode(c, { stream: true })).split(/\r\n|\r|\n/).pop()!;
      });
    }
    const SCANS = 200_000;
    figures.scans_classified_per_s = perSecond(SCANS, () => {
      for (let i = 0; i < SCANS; i++) classifyScan(MIX[i % MIX.length]!);
    });
    const slowest = Math.min(...SCALE_PROTOCOLS.map((p) => figures[`${p}_frames_per_s`]!));
    // A scale sends at most ~20 frames a second and a dock scans a few a second: 10⁴/s leaves the UI free.
    return {
      figures,
      baseline,
      target: 'every protocol ≥ 10 000 frames/s; ≥ 10 000 scans/s',
      met: slowest >= 10_000 && figures.scans_classified_per_s >= 10_000,
    };
  },
};
