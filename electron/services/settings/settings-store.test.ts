import { readFile, readdir, writeFile, mkdir } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { StationError } from '../../../shared/errors';
import { DEFAULT_SETTINGS } from '../../../shared/settings';
import { useTempDirs } from '../../../test/helpers/temp-dir';
import { SETTINGS_FILE_NAME, openSettingsStore } from './settings-store';

const tempDir = useTempDirs();
const fixedNow = () => new Date('2026-11-24T08:30:00.000Z');

describe('settings store', () => {
  it('starts from defaults without a file and writes nothing until asked', async () => {
    const dir = await tempDir();
    const store = await openSettingsStore(dir);
    expect(store.get()).toEqual({ settings: DEFAULT_SETTINGS, path: path.join(dir, SETTINGS_FILE_NAME) });
    expect(await readdir(dir)).toEqual([]);
  });

  it('persists a change and reads it back after a restart', async () => {
    const dir = await tempDir();
    const first = await openSettingsStore(dir);
    await first.update({ ui: { language: 'zh-CN' }, station: { id: 'DOCK-3' } });
    const second = await openSettingsStore(dir);
    expect(second.get().settings.ui.language).toBe('zh-CN');
    expect(second.get().settings.station).toEqual({ id: 'DOCK-3', name: '', warehouseId: '' });
    expect(JSON.parse(await readFile(path.join(dir, SETTINGS_FILE_NAME), 'utf8')).station.id).toBe('DOCK-3');
  });

  it('keeps a corrupt file as a backup, uses defaults and says so', async () => {
    const dir = await tempDir();
    await writeFile(path.join(dir, SETTINGS_FILE_NAME), '{"version":1,"ui":{"language":"zh-CN"');
    const store = await openSettingsStore(dir, fixedNow);
    const state = store.get();
    expect(state.settings).toEqual(DEFAULT_SETTINGS);
    expect(state.warning).toMatchObject({ code: 'settings_corrupt', message: expect.stringContaining('not valid JSON') });
    const backup = path.join(dir, `${SETTINGS_FILE_NAME}.corrupt-2026-11-24T08-30-00-000Z`);
    expect(state.warning?.backupPath).toBe(backup);
    expect(await readFile(backup, 'utf8')).toBe('{"version":1,"ui":{"language":"zh-CN"');
  });

  it('treats valid JSON with invalid values as corrupt and names the field', async () => {
    const dir = await tempDir();
    await writeFile(path.join(dir, SETTINGS_FILE_NAME), JSON.stringify({ version: 1, ui: { language: 'fr' } }));
    const state = (await openSettingsStore(dir, fixedNow)).get();
    expect(state.warning?.message).toContain('ui.language');
    expect(state.settings.ui.language).toBeNull();
  });

  it('fills fields an older file lacks with their defaults, without a warning', async () => {
    const dir = await tempDir();
    await writeFile(path.join(dir, SETTINGS_FILE_NAME), JSON.stringify({ version: 1, station: { id: 'OLD-1' } }));
    const state = (await openSettingsStore(dir)).get();
    expect(state.warning).toBeUndefined();
    expect(state.settings.station).toEqual({ id: 'OLD-1', name: '', warehouseId: '' });
    expect(state.settings.devices).toEqual([]);
  });

  it('clears the warning once settings are saved again', async () => {
    const dir = await tempDir();
    await writeFile(path.join(dir, SETTINGS_FILE_NAME), 'garbage');
    const store = await openSettingsStore(dir, fixedNow);
    expect(store.get().warning).toBeDefined();
    expect((await store.update({ ui: { language: 'en' } })).warning).toBeUndefined();
  });

  it('rejects a change that would make settings invalid and keeps the old ones', async () => {
    const dir = await tempDir();
    const store = await openSettingsStore(dir);
    await store.update({ station: { id: 'DOCK-1' } });
    const err = await store.update({ station: { id: 'bad id!' } }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StationError);
    expect(err).toMatchObject({ code: 'invalid_settings', message: expect.stringContaining('station.id') });
    expect(store.get().settings.station.id).toBe('DOCK-1');
    expect((await openSettingsStore(dir)).get().settings.station.id).toBe('DOCK-1');
  });

  it('applies quick successive changes in order, losing none', async () => {
    const dir = await tempDir();
    const store = await openSettingsStore(dir);
    await Promise.all([
      store.update({ station: { name: 'Dock 3' } }),
      store.update({ station: { warehouseId: 'WH-SH-01' } }),
      store.update({ ui: { language: 'zh-CN' } }),
    ]);
    const reread = (await openSettingsStore(dir)).get().settings;
    expect(reread.station).toEqual({ id: 'STATION-01', name: 'Dock 3', warehouseId: 'WH-SH-01' });
    expect(reread.ui.language).toBe('zh-CN');
  });

  it('a settings file it cannot read (here: 2 MB) is kept as it is and never overwritten by defaults', async () => {
    const dir = await tempDir();
    const file = path.join(dir, SETTINGS_FILE_NAME);
    const huge = `{"version":1,"station":{"id":"DOCK-9"},"pad":"${'x'.repeat(2 * 1024 * 1024)}"}`;
    await writeFile(file, huge);
    const store = await openSettingsStore(dir, fixedNow);
    expect(store.get().warning).toMatchObject({ code: 'settings_unreadable', message: expect.stringContaining('far more than settings ever need') });
    expect(store.get().settings).toEqual(DEFAULT_SETTINGS);
    await expect(store.update({ ui: { language: 'en' } })).rejects.toMatchObject({ code: 'settings_read_only' });
    expect(await readFile(file, 'utf8')).toBe(huge);
    expect(await readdir(dir)).toEqual([SETTINGS_FILE_NAME]);
  });

  it('a damaged file it cannot set aside (as in a read-only folder) still starts, on defaults, read-only, and says so', async () => {
    const dir = await tempDir();
    const file = path.join(dir, SETTINGS_FILE_NAME);
    await writeFile(file, '{ torn');
    // Where the backup would go, something that cannot be replaced: the rename fails like on a read-only disk.
    await mkdir(path.join(`${file}.corrupt-2026-11-24T08-30-00-000Z`, 'occupied'), { recursive: true });
    const store = await openSettingsStore(dir, fixedNow);
    expect(store.get().warning).toMatchObject({ code: 'settings_corrupt', message: expect.stringContaining('nothing is saved') });
    expect(store.get().warning?.backupPath).toBeUndefined();
    await expect(store.update({ ui: { language: 'en' } })).rejects.toMatchObject({ code: 'settings_read_only' });
    expect(await readFile(file, 'utf8')).toBe('{ torn');
  });

  it('reports a file it cannot write with a clear error', async () => {
    const dir = await tempDir();
    const store = await openSettingsStore(dir);
    // A directory where the file should be makes the rename fail the way a full or read-only disk would.
    await mkdir(path.join(dir, SETTINGS_FILE_NAME));
    await mkdir(path.join(dir, SETTINGS_FILE_NAME, 'x'));
    await expect(store.update({ ui: { language: 'en' } })).rejects.toMatchObject({ code: 'settings_write_failed' });
  });
});

describe('settings: station barcode patterns', () => {
  it('default to hardware.md and reject a pattern that is not a regular expression', async () => {
    const store = await openSettingsStore(await tempDir());
    expect(store.get().settings.scanning.codes).toEqual({ rmaPattern: '^RMA-[0-9A-Z]{6,20}$', lpnPattern: '^LPN[0-9A-Z]{10}$', commandPrefix: '#CMD:' });
    await store.update({ scanning: { codes: { rmaPattern: '^R[0-9]{8}$' } } });
    expect(store.get().settings.scanning.codes.rmaPattern).toBe('^R[0-9]{8}$');
    expect(store.get().settings.scanning.codes.lpnPattern).toBe('^LPN[0-9A-Z]{10}$');
    await expect(store.update({ scanning: { codes: { lpnPattern: '^LPN[0-9' } } })).rejects.toMatchObject({
      code: 'invalid_settings',
      message: expect.stringContaining('scanning.codes.lpnPattern: not a valid regular expression'),
    });
  });
});
