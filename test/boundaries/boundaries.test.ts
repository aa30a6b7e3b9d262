import { describe, expect, it } from 'vitest';
import { checkFile, checkFiles, checkLedgerWrites, layerOf } from '../../build/boundaries';
import { projectSourceFiles } from '../../build/check-boundaries';

describe('import boundaries (architecture.md layering)', () => {
  it('hold for every source file in the project', () => {
    const files = projectSourceFiles();
    expect(files.length).toBeGreaterThan(30);
    expect(checkFiles(files)).toEqual([]);
  });

  it('classify files into layers', () => {
    expect(layerOf('shared/ipc/contract.ts')).toBe('shared');
    expect(layerOf('renderer/App.tsx')).toBe('renderer');
    expect(layerOf('electron/main.ts')).toBe('electron-main');
    expect(layerOf('electron/main-window.ts')).toBe('electron-main');
    expect(layerOf('electron/preload.ts')).toBe('electron-main');
    expect(layerOf('electron/services/settings/settings-store.ts')).toBe('electron-services');
    expect(layerOf('electron/host/start-host.ts')).toBe('electron-node');
    expect(layerOf('shared/ipc/contract.test.ts')).toBe('test');
  });

  describe('fail when a rule is broken', () => {
    const cases: [file: string, source: string, rule: RegExp][] = [
      ['shared/returns/x.ts', "import { readFile } from 'node:fs/promises';", /no Node built-ins/],
      ['shared/returns/x.ts', "import fs from 'fs';", /no Node built-ins/],
      ['shared/returns/x.ts', "import { ipcRenderer } from 'electron';", /no electron/],
      ['shared/returns/x.ts', "import React from 'react';", /may use only/],
      ['shared/returns/x.ts', "import { x } from '../../renderer/db/x';", /only from shared/],
      ['renderer/features/x.tsx', "import path from 'node:path';", /no Node built-ins/],
      ['renderer/features/x.tsx', "const { SerialPort } = require('serialport');", /no Node-only packages/],
      ['renderer/features/x.tsx', "export * from 'electron';", /no electron/],
      ['renderer/features/x.tsx', "const m = await import('../../electron/services/x');", /only from renderer\/ and shared/],
      ['electron/services/x.ts', "import { app } from 'electron';", /may import electron/],
      ['electron/services/x.ts', "import { y } from '../host/start-host';", /only from electron\/services/],
      ['electron/host/x.ts', "import { BrowserWindow } from 'electron';", /may import electron/],
      ['electron/host/x.ts', "import { y } from '../main-window';", /main or preload modules/],
      ['hq/server.ts', "import { z } from '../renderer/x';", /only from hq/],
      ['hq/console/src/x.tsx', "import { t } from '../../../renderer/i18n';", /only from hq\/console\/ and shared/],
      ['hq/console/src/x.tsx', "import { pool } from '../../src/db';", /only from hq\/console\/ and shared/],
      ['hq/console/src/x.tsx', "import pg from 'pg';", /runs in a browser/],
      ['renderer/x.ts', "import { h } from '../test/helpers';", /only tests/],
    ];
    it.each(cases)('%s: %s', (file, source, rule) => {
      const violations = checkFile(file, source);
      expect(violations.map((v) => v.rule)).toContainEqual(expect.stringMatching(rule));
    });
  });

  it('allow what the layers are meant to use', () => {
    expect(checkFile('shared/x.ts', "import { z } from 'zod'; import { a } from './a';")).toEqual([]);
    expect(checkFile('hq/console/src/x.tsx', "import { BarChart } from 'recharts'; import { HQ_ROUTES } from '../../../shared/hq-api/routes';")).toEqual([]);
    expect(checkFile('renderer/x.tsx', "import Dexie from 'dexie'; import { c } from '../shared/ipc/contract';")).toEqual([]);
    expect(checkFile('electron/main.ts', "import { app } from 'electron'; import { s } from './services/x';")).toEqual([]);
    expect(checkFile('electron/services/x.ts', "import { SerialPort } from 'serialport'; import fs from 'node:fs';")).toEqual([]);
  });

  it('leave every write of the station database to the ledger', () => {
    const writes = [
      'await db.units.put(u);',
      'db.parcels.update(id, { weight })',
      "db.transaction('rw', db.parcels, async () => {})",
      'await db.exceptions.bulkPut(rows);',
    ];
    for (const code of writes)
      expect(
        checkLedgerWrites('renderer/features/receive/x.ts', code).map((v) => v.rule),
        code,
      ).toEqual(['only renderer/ledger/ writes the station database']);
    for (const code of writes) expect(checkLedgerWrites('renderer/ledger/x.ts', code)).toEqual([]);
    expect(checkLedgerWrites('renderer/features/receive/x.ts', "await db.units.where('rmaNo').equals(r).toArray(); db.transaction('r', db.units, f)")).toEqual(
      [],
    );
  });
});
