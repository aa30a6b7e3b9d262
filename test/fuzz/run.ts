// `npm run fuzz`: every target of ./targets with its full count, each in its own process so a hang is
// caught (the process is killed after its time limit) rather than waited on forever.
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { FUZZ_TARGETS, FUZZ_TOTAL } from './targets';

const TIME_LIMIT_MS = Number(process.env.FUZZ_TIME_LIMIT_MS ?? 240_000);
const seed = Number(process.env.FUZZ_SEED ?? Date.now() % 2 ** 31);

if (process.env.FUZZ_WORKER_TARGET !== undefined) {
  // papaparse warns on the console for every duplicated CSV header it meets (the import refuses those itself).
  console.warn = () => undefined;
  const target = FUZZ_TARGETS[Number(process.env.FUZZ_WORKER_TARGET)]!;
  const details = await fc.check(target.property() as fc.IAsyncPropertyWithHooks<unknown>, { numRuns: target.runs, seed });
  process.send!({ failed: details.failed, report: details.failed ? fc.defaultReportMessage(details) : undefined, runs: details.numRuns }, () =>
    process.exit(0),
  );
} else {
  console.log(`fuzz: ${FUZZ_TARGETS.length} targets, ${FUZZ_TOTAL.toLocaleString('en')} inputs, seed ${seed} (FUZZ_SEED=${seed} repeats this run)`);
  let failed = 0;
  let inputs = 0;
  for (const [i, target] of FUZZ_TARGETS.entries()) {
    const started = Date.now();
    const outcome = await new Promise<{ failed: boolean; report?: string; runs: number }>((resolve) => {
      const worker = fork(fileURLToPath(import.meta.url), {
        env: { ...process.env, FUZZ_WORKER_TARGET: String(i), FUZZ_SEED: String(seed) },
        execArgv: ['--import', 'tsx'],
      });
      const timer = setTimeout(() => {
        worker.kill('SIGKILL');
        resolve({ failed: true, report: `no answer in ${TIME_LIMIT_MS / 1000} s: a hang (or far too slow)`, runs: 0 });
      }, TIME_LIMIT_MS);
      worker.once('message', (m) => (clearTimeout(timer), resolve(m as { failed: boolean; report?: string; runs: number })));
      worker.once(
        'exit',
        (code) => (clearTimeout(timer), resolve({ failed: true, report: `exited with ${code} before answering (a throw outside the property?)`, runs: 0 })),
      );
    });
    inputs += outcome.runs;
    const secs = ((Date.now() - started) / 1000).toFixed(1);
    console.log(`${outcome.failed ? 'FAIL' : 'ok  '} ${String(outcome.runs).padStart(7)} inputs ${secs.padStart(6)} s  ${target.name}`);
    if (outcome.failed) {
      failed++;
      console.log(outcome.report);
    }
  }
  console.log(`fuzz: ${inputs.toLocaleString('en')} inputs, ${FUZZ_TARGETS.length - failed} targets passed, ${failed} failed`);
  process.exit(failed ? 1 : 0);
}
