/**
 * The layering rules of docs/architecture.md as code (VS Code's common / browser / node / electron-main):
 *   shared/            imports only shared/ and a short list of pure packages
 *   renderer/          no Node built-ins, no electron, no Node-only packages, nothing from electron/ or hq/
 *   electron/services/ no electron; only services and shared/
 *   electron/ (other)  no electron, except main*.ts and preload*.ts
 *   hq/                no electron, nothing from renderer/ or electron/
 *   hq/console/        HQ's web console: a browser page like renderer/ — only hq/console/ and shared/, no Node
 *   nothing but tests imports test/
 *   renderer/ outside renderer/ledger/ never writes the station database (the ledger owns every write)
 * TypeScript's own pre-processor finds every import, export-from, dynamic import and require.
 */
import { builtinModules } from 'node:module';
import path from 'node:path';
import ts from 'typescript';

/** Packages shared/ may use: pure, no DOM, no Node. Add one only after checking that it is. */
export const SHARED_PACKAGES = ['zod', 'gtin', 'gs1-barcode-parser-mod', 'ts-tracking-number', 'papaparse', '@noble/hashes/', 'safe-stable-stringify'];
/** Packages that only work in Node (native bindings, sockets, files) and so never belong in the renderer. */
export const NODE_ONLY_PACKAGES = [
  'serialport',
  '@serialport/',
  'node-thermal-printer',
  'pino',
  'rotating-file-stream',
  'ws',
  'sirv',
  'fastify',
  '@fastify/',
  'pg',
  '@electric-sql/pglite-socket',
  'esbuild',
  'electron-builder',
  'iconv-lite',
];

export type Layer = 'shared' | 'renderer' | 'electron-main' | 'electron-services' | 'electron-node' | 'hq' | 'hq-console' | 'test' | 'other';

export interface Violation {
  file: string;
  specifier: string;
  rule: string;
}

const builtins = new Set(builtinModules);

export function isTestFile(file: string): boolean {
  return /\.test\.tsx?$/.test(file) || file.startsWith('test/');
}

export function layerOf(file: string): Layer {
  if (isTestFile(file)) return 'test';
  if (file.startsWith('shared/')) return 'shared';
  if (file.startsWith('renderer/')) return 'renderer';
  if (file.startsWith('electron/services/')) return 'electron-services';
  if (/^electron\/(main|preload)[^/]*\.ts$/.test(file)) return 'electron-main';
  if (file.startsWith('electron/')) return 'electron-node';
  if (file.startsWith('hq/console/')) return 'hq-console';
  if (file.startsWith('hq/')) return 'hq';
  return 'other';
}

function isBuiltin(specifier: string): boolean {
  return specifier.startsWith('node:') || builtins.has(specifier.split('/')[0]!);
}

const matchesPackage = (specifier: string, list: string[]) =>
  list.some((p) => (p.endsWith('/') ? specifier.startsWith(p) : specifier === p || specifier.startsWith(`${p}/`)));

/** Checks one file's imports; `file` is a repository-relative path with forward slashes. */
export function checkFile(file: string, source: string): Violation[] {
  const layer = layerOf(file);
  const violations: Violation[] = [];
  const flag = (specifier: string, rule: string) => violations.push({ file, specifier, rule });
  for (const { fileName: specifier } of ts.preProcessFile(source, true, true).importedFiles) {
    if (specifier.startsWith('.')) {
      const target = path.posix.normalize(path.posix.join(path.posix.dirname(file), specifier));
      const targetLayer = layerOf(target.endsWith('.ts') || target.endsWith('.tsx') ? target : `${target}.ts`);
      if (target.startsWith('test/') && layer !== 'test') flag(specifier, 'only tests may import from test/');
      if (layer === 'shared' && !target.startsWith('shared/')) flag(specifier, 'shared/ may import only from shared/');
      if (layer === 'renderer' && !target.startsWith('renderer/') && !target.startsWith('shared/') && target !== 'package.json') {
        flag(specifier, 'renderer/ may import only from renderer/ and shared/');
      }
      if (layer === 'electron-services' && !target.startsWith('electron/services/') && !target.startsWith('shared/') && target !== 'package.json') {
        flag(specifier, 'electron/services/ may import only from electron/services/ and shared/');
      }
      if ((layer === 'electron-node' || layer === 'electron-services') && targetLayer === 'electron-main') {
        flag(specifier, 'only main*.ts and preload*.ts may import main or preload modules');
      }
      if ((layer === 'electron-main' || layer === 'electron-node') && target.startsWith('renderer/')) {
        flag(specifier, 'electron/ may not import from renderer/');
      }
      if (layer === 'hq-console' && !target.startsWith('hq/console/') && !target.startsWith('shared/')) {
        flag(specifier, 'hq/console/ may import only from hq/console/ and shared/');
      }
      if (layer === 'hq' && !target.startsWith('hq/') && !target.startsWith('shared/') && target !== 'package.json') {
        flag(specifier, 'hq/ may import only from hq/ and shared/');
      }
      continue;
    }
    const isElectron = specifier === 'electron' || specifier.startsWith('electron/');
    switch (layer) {
      case 'shared':
        if (isBuiltin(specifier)) flag(specifier, 'shared/ is pure: no Node built-ins');
        else if (isElectron) flag(specifier, 'shared/ is pure: no electron');
        else if (!matchesPackage(specifier, SHARED_PACKAGES)) flag(specifier, `shared/ may use only ${SHARED_PACKAGES.join(', ')}`);
        break;
      case 'hq-console':
        if (isBuiltin(specifier) || isElectron || matchesPackage(specifier, NODE_ONLY_PACKAGES)) flag(specifier, 'hq/console/ runs in a browser: no Node');
        break;
      case 'renderer':
        if (isBuiltin(specifier)) flag(specifier, 'renderer/ runs in a browser: no Node built-ins');
        else if (isElectron) flag(specifier, 'renderer/ runs in a browser: no electron');
        else if (matchesPackage(specifier, NODE_ONLY_PACKAGES)) flag(specifier, 'renderer/ runs in a browser: no Node-only packages');
        break;
      case 'electron-services':
      case 'electron-node':
      case 'hq':
        if (isElectron) flag(specifier, 'only electron/main*.ts and electron/preload*.ts may import electron');
        break;
      case 'test':
        if (isElectron) flag(specifier, "tests must run without an Electron binary: use Playwright's _electron instead");
        break;
      default:
        break;
    }
  }
  return violations;
}

/** A write to a Dexie table or a read-write transaction, as code outside the ledger would spell it. */
const DB_WRITE = /\bdb\.(?:\w+\.(?:add|put|update|delete|bulkAdd|bulkPut|bulkDelete|bulkUpdate|clear)\s*\(|transaction\(\s*['"]rw)/g;

/** Renderer code other than the ledger (and the schema's own upgrades) reads the database but never writes it. */
export function checkLedgerWrites(file: string, source: string): Violation[] {
  if (layerOf(file) !== 'renderer' || file.startsWith('renderer/ledger/') || file === 'renderer/db/station-db.ts') return [];
  return [...source.matchAll(DB_WRITE)].map((m) => ({ file, specifier: m[0], rule: 'only renderer/ledger/ writes the station database' }));
}

export function checkFiles(files: Iterable<[file: string, source: string]>): Violation[] {
  return [...files].flatMap(([file, source]) => [...checkFile(file, source), ...checkLedgerWrites(file, source)]);
}
