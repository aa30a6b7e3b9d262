// Fails the build when a layer imports what it must not (see build/boundaries.ts).
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { checkFiles } from './boundaries';

const LAYER_DIRS = ['shared', 'renderer', 'electron', 'hq', 'test'];

export function projectSourceFiles(root = '.'): [string, string][] {
  const out: [string, string][] = [];
  for (const dir of LAYER_DIRS) {
    let entries: string[];
    try {
      entries = readdirSync(path.join(root, dir), { recursive: true }) as string[];
    } catch {
      continue; // a layer that does not exist yet
    }
    for (const entry of entries) {
      const file = `${dir}/${entry.split(path.sep).join('/')}`;
      if (/\.tsx?$/.test(file) && !file.includes('node_modules/')) out.push([file, readFileSync(path.join(root, file), 'utf8')]);
    }
  }
  return out;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const violations = checkFiles(projectSourceFiles());
  for (const v of violations) console.error(`${v.file}: imports '${v.specifier}' — ${v.rule}`);
  if (violations.length) {
    console.error(`${violations.length} layering violation(s); see the import rules in docs/architecture.md.`);
    process.exit(1);
  }
  console.log('layering: ok');
}
