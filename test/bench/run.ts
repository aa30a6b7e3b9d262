// `npm run bench`: speed and memory figures, measured here rather than asserted in tests.
import { measure } from './bench';
import { classifyBench } from './classify.bench';
import { dayReportBench, dayReportOnlyBench } from './day-report.bench';

const benches = [classifyBench, dayReportOnlyBench, dayReportBench];
console.log(`node ${process.version}, ${process.platform}-${process.arch}\n`);
for (const bench of benches) {
  const r = measure(bench);
  console.log(`${r.name}\n  median ${r.medianMs.toFixed(0)} ms (min ${r.minMs.toFixed(0)}, max ${r.maxMs.toFixed(0)}), heap Δ ${r.heapDeltaMb.toFixed(1)} MB — target: ${r.target}`);
}
