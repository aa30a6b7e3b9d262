import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { calls } from '../../shared/ipc/contract';
import { startStationServices, type StationServices } from './station-services';

let services: StationServices | undefined;
let dir = '';
afterEach(async () => {
  await services?.close();
  await rm(dir, { recursive: true, force: true });
});

describe('the day report as PDF (Electron printToPDF, injected)', () => {
  it('saves what the window printed under exports/, by a plain file name only', async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'report-pdf-'));
    const pdf = new TextEncoder().encode('%PDF-1.7\n% day report\n%%EOF\n');
    services = await startStationServices({ dataDir: dir, mode: 'electron', appName: 't', appVersion: '1', printPagePdf: async () => pdf });
    const saved = await services.handlers.reportPdf({ fileName: 'returns-DOCK-1-2026-11-24.pdf' });
    expect(saved.path).toBe(path.join(dir, 'exports', 'returns-DOCK-1-2026-11-24.pdf'));
    expect(new Uint8Array(await readFile(saved.path))).toEqual(pdf);
    // The renderer cannot choose where it writes: no directories, no other extension.
    for (const bad of ['../settings.json', '../../x.pdf', 'a/b.pdf', 'report.exe', '.pdf', ''])
      expect(calls.reportPdf.input.safeParse({ fileName: bad }).success, bad).toBe(false);
  });
});
