// `npm run bench [-- --quick] [-- --only accept,devices] [-- --seed 7]`: the station and HQ against baselines measured in
// the same run (machines are noisy: ratios, not absolute times, are what is compared). Results go to
// test-results/bench/ as JSON; the last line sums them up.
import { mkdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import { parseArgs } from 'node:util';
import { dayReportScenario } from './scenarios/day-report';
import { devicesScenario } from './scenarios/devices';
import { hqBacklogScenario } from './scenarios/hq-backlog';
import { hqFleetScenario } from './scenarios/hq-fleet';
import { hqIngestScenario } from './scenarios/hq-ingest';
import { hqReadsScenario } from './scenarios/hq-reads';
import { acceptScenario, startScenario } from './scenarios/station-in-chromium';
import { feedbackScenario } from './scenarios/clerk-feedback';
import { Skipped, type ScenarioResult } from './scenarios/types';
import { DEFAULT_SEED } from './generator';

const { values } = parseArgs({ options: { quick: { type: 'boolean', default: false }, only: { type: 'string' }, seed: { type: 'string' } } });
const quick = values.quick!;
const seed = values.seed === undefined ? DEFAULT_SEED : Number(values.seed);
if (!Number.isSafeInteger(seed)) throw new Error(`--seed takes a whole number, not ${values.seed}`);
const only = values.only?.split(',');
const scenarios = [
  acceptScenario,
  feedbackScenario,
  hqIngestScenario,
  hqBacklogScenario,
  hqFleetScenario,
  devicesScenario,
  dayReportScenario,
  hqReadsScenario,
  startScenario,
].filter((s) => !only || only.includes(s.id));

const machine = {
  node: process.version,
  platform: `${process.platform}-${process.arch}`,
  cpus: os.cpus().length,
  cpu: os.cpus()[0]?.model ?? '?',
  memoryGb: Math.round(os.totalmem() / 1024 ** 3),
};
console.log(
  `bench${quick ? ' --quick' : ''} --seed ${seed}: node ${machine.node}, ${machine.platform}, ${machine.cpus} × ${machine.cpu}, ${machine.memoryGb} GB\n`,
);

const fmt = (o: Record<string, number> | undefined) =>
  o
    ? Object.entries(o)
        .map(([k, v]) => `${k}=${Number.isInteger(v) ? v : v.toFixed(2)}`)
        .join('  ')
    : '';
const results: Record<string, ScenarioResult | { skipped: string }> = {};
for (const s of scenarios) {
  console.log(s.title);
  try {
    const r = await s.run({ quick, seed });
    results[s.id] = r;
    console.log(`  measured  ${fmt(r.figures)}`);
    if (r.baseline) console.log(`  baseline  ${fmt(r.baseline)}`);
    if (r.ratio !== undefined) console.log(`  ratio     ${r.ratio.toFixed(2)}`);
    console.log(`  target    ${r.target} → ${r.met === undefined ? 'n/a' : r.met ? 'met' : 'MISSED'}${r.note ? `\n  note      ${r.note}` : ''}\n`);
  } catch (err) {
    const why = err instanceof Skipped ? err.message : `failed: ${(err as Error).message ?? err}`;
    results[s.id] = { skipped: why };
    console.log(`  skipped (${why})\n`);
  }
}

const fig = (id: string, key: string, digits = 2) => {
  const r = results[id] as ScenarioResult | undefined;
  const v = r && 'figures' in r ? (key === 'ratio' ? r.ratio : (r.figures[key] ?? r.baseline?.[key])) : undefined;
  return v === undefined ? 'skipped' : v.toFixed(digits);
};
await mkdir('test-results/bench', { recursive: true });
const doc = { at: new Date().toISOString(), quick, seed, machine, results };
await writeFile(`test-results/bench/bench-${doc.at.replace(/[:.]/g, '')}.json`, `${JSON.stringify(doc, null, 2)}\n`);
await writeFile('test-results/bench/latest.json', `${JSON.stringify(doc, null, 2)}\n`);
console.log(
  `bench: accept_floor_ratio=${fig('accept', 'ratio')} accept_p99_ms=${fig('accept', 'accept_p99_ms')} hq_cpu_ratio=${fig('hq-ingest', 'ratio')} feedback_p99_ms=${fig('feedback', 'feedback_p99_ms', 1)} dock_to_webhook_p99_ms=${fig('hq-fleet', 'dock_to_webhook_p99_ms', 0)} start_ms=${fig('start', 'start_ms', 0)} heap_mb=${fig('start', 'heap_mb', 1)} fleet_push_p99_ms=${fig('hq-fleet', 'fleet_push_p99_ms', 0)}`,
);
