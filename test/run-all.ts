// `npm test`: every runner, one after another, whatever the previous one did, then one summary line
// `N passed, N failed, N skipped` summed over all of them. Exits non-zero if anything failed.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';

interface Tally {
  runner: string;
  passed: number;
  failed: number;
  skipped: number;
  notes: string[];
}

/**
 * What the suite needs from the machine, said in one line before anything runs (`.ci/run` installs it; a
 * developer's machine may lack it), rather than as dozens of failures one test at a time.
 */
function machineLacks(): string[] {
  const has = (cmd: string, args: string[] = ['--version']) => spawnSync(cmd, args, { stdio: 'ignore' }).status === 0;
  const lacks: string[] = [];
  if (!existsSync(process.env.PLAYWRIGHT_CHROMIUM_PATH ?? '/usr/bin/chromium')) lacks.push('chromium');
  if (!has('socat', ['-V'])) lacks.push('socat');
  if (!has('pdftotext', ['-v']) || !has('pdftoppm', ['-v'])) lacks.push('poppler-utils');
  const fonts = spawnSync('fc-list', [], { encoding: 'utf8' });
  if (!/Noto Sans CJK/i.test(fonts.stdout ?? '')) lacks.push('fonts-noto-cjk');
  return lacks;
}
const lacks = machineLacks();
if (lacks.length > 0) {
  console.log(
    `\nThis machine lacks ${lacks.join(', ')}: install with  sudo apt-get install ${lacks.join(' ')}  (or run .ci/run, which does). Tests that need them fail or skip.\n`,
  );
}

const results = 'test-results';
rmSync(results, { recursive: true, force: true });
mkdirSync(results, { recursive: true });

function run(command: string, args: string[]) {
  console.log(`\n▶ ${command} ${args.join(' ')}`);
  return spawnSync(command, args, { stdio: 'inherit', env: { ...process.env, FORCE_COLOR: process.env.CI ? '0' : '1' } }).status ?? 1;
}

function readJson(file: string): any {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return null;
  }
}

const tallies: Tally[] = [];

/** Vitest's JSON report names skipped tests but not why: the file says, so name the file. */
function vitestSkips(report: any): string[] {
  const notes: string[] = [];
  for (const file of report.testResults ?? []) {
    for (const t of file.assertionResults ?? []) {
      if (t.status === 'pending' || t.status === 'skipped' || t.status === 'todo')
        notes.push(`skipped "${t.fullName ?? t.title}" (${String(file.name).replace(`${process.cwd()}/`, '')}): its condition was not met here`);
    }
  }
  return notes;
}

// Types are a check, not tests: a failure counts as one failed check so it cannot pass unnoticed.
const typecheck = run('npx', ['tsx', 'build/typecheck.ts']);
if (typecheck !== 0) tallies.push({ runner: 'typecheck', passed: 0, failed: 1, skipped: 0, notes: ['typecheck failed'] });
// So are lint and format (Biome, biome.jsonc): a rule broken or a file not formatted fails the run.
const lint = run('npx', ['biome', 'check', '.']);
if (lint !== 0) tallies.push({ runner: 'lint', passed: 0, failed: 1, skipped: 0, notes: ['npm run lint failed: npm run format fixes what it can'] });

const vitestStatus = run('npx', ['vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${results}/vitest.json`]);
const vitest = readJson(`${results}/vitest.json`);
tallies.push(
  vitest
    ? {
        runner: 'vitest',
        passed: vitest.numPassedTests,
        failed: vitest.numFailedTests + (vitestStatus !== 0 && vitest.numFailedTests === 0 ? 1 : 0),
        skipped: vitest.numPendingTests + vitest.numTodoTests,
        notes: vitestSkips(vitest),
      }
    : { runner: 'vitest', passed: 0, failed: 1, skipped: 0, notes: ['vitest produced no report'] },
);

const playwrightStatus = run('npx', ['playwright', 'test', '-c', 'test/playwright.config.ts']);
const playwright = readJson(`${results}/playwright.json`);
if (playwright) {
  const notes: string[] = [];
  const visit = (suite: any) => {
    for (const spec of suite.specs ?? []) {
      for (const t of spec.tests ?? []) {
        for (const a of t.annotations ?? []) if (a.type === 'skip' && a.description) notes.push(`skipped "${spec.title}": ${a.description}`);
      }
    }
    for (const child of suite.suites ?? []) visit(child);
  };
  for (const suite of playwright.suites ?? []) visit(suite);
  const { expected = 0, unexpected = 0, flaky = 0, skipped = 0 } = playwright.stats ?? {};
  const setupFailed = playwrightStatus !== 0 && unexpected === 0 ? 1 : 0;
  tallies.push({ runner: 'playwright', passed: expected + flaky, failed: unexpected + setupFailed, skipped, notes });
} else {
  tallies.push({ runner: 'playwright', passed: 0, failed: 1, skipped: 0, notes: ['playwright produced no report'] });
}

console.log('\nSummary');
for (const t of tallies) console.log(`  ${t.runner}: ${t.passed} passed, ${t.failed} failed, ${t.skipped} skipped`);
if (existsSync(`${results}/screenshots`)) console.log(`  screenshots: ${results}/screenshots/`);
const sum = (k: 'passed' | 'failed' | 'skipped') => tallies.reduce((n, t) => n + t[k], 0);
console.log(`${sum('passed')} passed, ${sum('failed')} failed, ${sum('skipped')} skipped`);
// What did not run, and why, right under the count it explains.
const notes = tallies.flatMap((t) => t.notes.map((n) => `  ${t.runner}: ${n}`));
if (notes.length > 0) console.log(['Not run or not passed:', ...notes].join('\n'));
process.exit(sum('failed') > 0 ? 1 : 0);
