import { mkdtemp, readFile, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { autostartEntry, setLinuxAutostart } from './autostart';

describe('start on login (Linux autostart entry)', () => {
  it('writes an XDG entry that runs the app, quoting a path with spaces, and removes it when switched off', async () => {
    const configHome = await mkdtemp(path.join(os.tmpdir(), 'autostart-'));
    const execPath = '/home/dock/My Apps/Returns Receiving Station.AppImage';
    await setLinuxAutostart(true, { configHome, execPath, name: 'Returns Receiving Station' });
    const file = path.join(configHome, 'autostart', 'returns-station.desktop');
    const text = await readFile(file, 'utf8');
    expect(text).toContain('[Desktop Entry]\nType=Application\nName=Returns Receiving Station\n');
    expect(text).toContain('Exec="/home/dock/My Apps/Returns Receiving Station.AppImage"\n');
    await setLinuxAutostart(false, { configHome, execPath, name: 'x' });
    await expect(stat(file)).rejects.toMatchObject({ code: 'ENOENT' });
    await setLinuxAutostart(false, { configHome, execPath, name: 'x' });
  });

  it('a plain path is written as is', () => {
    expect(autostartEntry('/opt/station/station', 'S')).toContain('Exec=/opt/station/station\n');
  });
});
