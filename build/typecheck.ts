// Typechecks each layer under its own tsconfig, so shared/ is checked without DOM or Node types and
// renderer/ without Node types: a layer reaching for globals it must not use fails here.
import { spawnSync } from 'node:child_process';

const projects = ['shared/tsconfig.json', 'renderer/tsconfig.json', 'electron/tsconfig.json', 'hq/console/tsconfig.json', 'tsconfig.json'];
let failed = 0;
for (const project of projects) {
  const result = spawnSync(process.execPath, ['node_modules/typescript/bin/tsc', '--noEmit', '-p', project], { stdio: 'inherit' });
  console.log(`typecheck ${project}: ${result.status === 0 ? 'ok' : 'FAILED'}`);
  if (result.status !== 0) failed++;
}
process.exit(failed ? 1 : 0);
