import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startStationServices, type StationServices } from '../../electron/services/station-services';
import { layoutLabel } from '../../shared/labels/layout';
import { useTempDirs } from '../helpers/temp-dir';

const tempDir = useTempDirs();
const running: StationServices[] = [];
afterEach(async () => {
  for (const s of running.splice(0)) await s.close();
});

async function stationWithPrinter(iface: string) {
  const dataDir = await tempDir();
  const services = await startStationServices({ dataDir, mode: 'browser', appName: 't', appVersion: '1' });
  running.push(services);
  await services.handlers.settingsSet({ printers: [{ id: 'p1', label: 'P', config: { kind: 'zpl', interface: iface } }] });
  return { services, dataDir };
}

const label = { kind: 'unit' as const, code: 'LPN0010000001', title: 'Dress', lines: ['ok'] };

describe('where label bytes may go', () => {
  for (const iface of ['file:/etc/passwd', 'file:../../.bashrc', 'file:/root/.ssh/authorized_keys', '/home/clerk/.bashrc', '/etc/cron.d/x']) {
    it(`refuses ${iface}: only the network, a printer device or the spool folder`, async () => {
      const { services } = await stationWithPrinter(iface);
      await expect(services.handlers.printerPrint({ printerId: 'p1', label })).rejects.toMatchObject({ code: 'printer_path_refused' });
    });
  }

  it('a file printer writes inside the spool folder, and a field cannot add lines or commands', async () => {
    const { services, dataDir } = await stationWithPrinter('file:labels.zpl');
    await services.handlers.printerPrint({ printerId: 'p1', label: { ...label, title: 'Dress\nssh-rsa AAAA attacker', qr: 'x\n^XZ^XA^FDinjected' } });
    const written = await readFile(path.join(dataDir, 'spool', 'labels.zpl'), 'utf8');
    expect(written).not.toMatch(/^ssh-rsa/m);
    expect(written.match(/\^XA/g)).toHaveLength(1);
  });

  it('the layout every renderer draws from holds no control characters', () => {
    const layout = layoutLabel(
      { ...label, title: 'a\u001b@b', lines: ['c\r\nd', 'e\u0000f'], qr: 'g\nh', footer: 'i\u001dj' },
      { language: 'escpos', width: 80 },
    );
    for (const e of layout.elements) {
      const text = e.type === 'text' ? e.text : e.type === 'barcode' || e.type === 'qr' ? e.data : '';
      expect(text).not.toMatch(/[\u0000-\u001f\u007f]/);
    }
  });
});
