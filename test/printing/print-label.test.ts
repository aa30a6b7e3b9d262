import net from 'node:net';
/**
 * Labels through the real renderers and a real TCP byte stream: what a printer receives, decoded.
 */
import { readFile } from 'node:fs/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { printLabel, renderLabel } from '../../electron/services/printing';
import { readEscPosStatus } from '../../electron/services/printing/status';
import { startPrinterCapture, type PrinterCapture } from '../sim/printer-capture';
import { unitLabel } from '../helpers/labels';
import { useTempDirs } from '../helpers/temp-dir';
import { printedLines, tokenizeEscPos } from './escpos-tokenizer';
import { parseZpl, zplFields } from './zpl-parser';

const tempDir = useTempDirs();
const captures: PrinterCapture[] = [];
afterEach(async () => {
  for (const c of captures.splice(0)) await c.close();
});
const capture = async (options?: Parameters<typeof startPrinterCapture>[0]) => {
  const c = await startPrinterCapture(options);
  captures.push(c);
  return c;
};

describe('ESC/POS through a network printer', () => {
  it('prints the code as Code 128 (GS k) with its text under it, Chinese in GB18030, then cuts', async () => {
    const printer = await capture();
    await printLabel(unitLabel, { kind: 'escpos', interface: printer.interface, width: 80 });
    expect(printer.jobs).toHaveLength(1);
    const tokens = tokenizeEscPos(printer.jobs[0]!);
    expect(tokens.filter((t) => t.type === 'unknown')).toEqual([]);
    expect(tokens).toContainEqual({ type: 'codepage', command: 'ESC R', n: 15 });
    expect(tokens.filter((t) => t.type === 'barcode')).toEqual([{ type: 'barcode', symbology: 'CODE128', data: 'LPN00000000A1' }]);
    const lines = printedLines(tokens);
    expect(lines.slice(0, 2)).toEqual(['真丝连衣裙 红色 M', 'LPN00000000A1']);
    expect(lines).toContain('赠品：丝巾 ×1（已退回）');
    expect(lines).toContain('Grade A · SELLABLE → restock'); // · and → are not ASCII: they travel as GB18030 too
    expect(lines.at(-1)).toBe('STATION-01 · 2026-11-24 14:30');
    expect(tokens).toContainEqual({ type: 'qr-data', data: 'LPN00000000A1' });
    expect(tokens.filter((t) => t.type === 'cut')).toHaveLength(1);
    expect(tokens.findIndex((t) => t.type === 'cut')).toBeGreaterThan(tokens.findIndex((t) => t.type === 'qr-print'));
    // The barcode comes right after the title, and the code's text right after the barcode.
    const order = tokens
      .filter((t) => t.type === 'barcode' || (t.type === 'line' && t.text.trim()))
      .map((t) => (t.type === 'barcode' ? '[barcode]' : (t as { text: string }).text.trim()));
    expect(order.slice(0, 3)).toEqual(['真丝连衣裙 红色 M', '[barcode]', 'LPN00000000A1']);
  });

  it('prints as many copies as asked, each cut', async () => {
    const printer = await capture();
    await printLabel({ ...unitLabel, copies: 3 }, { kind: 'escpos', interface: printer.interface, width: 58 });
    const tokens = tokenizeEscPos(printer.jobs[0]!);
    expect(tokens.filter((t) => t.type === 'cut')).toHaveLength(3);
    expect(tokens.filter((t) => t.type === 'barcode')).toHaveLength(3);
  });

  it('a character GB2312 lacks (镕) still prints, as GB18030', () => {
    const tokens = tokenizeEscPos(renderLabel({ ...unitLabel, lines: ['收件人 朱镕'] }, { kind: 'escpos', interface: 'file:/dev/null' }));
    expect(printedLines(tokens)).toContain('收件人 朱镕');
  });

  it('58 mm paper wraps long Chinese lines inside 32 columns', () => {
    const tokens = tokenizeEscPos(
      renderLabel(
        { ...unitLabel, lines: ['退货原因：尺码不合适，买家已签收七天内申请无理由退货，商品吊牌完好'] },
        { kind: 'escpos', interface: 'file:/dev/null', width: 58 },
      ),
    );
    const wrapped = printedLines(tokens).filter((l) => l.startsWith('退货原因') || l.includes('吊牌'));
    expect(wrapped.length).toBeGreaterThan(1);
  });
});

describe('ZPL', () => {
  it('a 4×6 in label: UTF-8, the code as ^BC Code 128 and as text, Chinese in the CJK font, copies', async () => {
    const printer = await capture();
    await printLabel({ ...unitLabel, copies: 2 }, { kind: 'zpl', interface: printer.interface, size: '4x6' });
    const zpl = printer.jobs[0]!.toString('utf8');
    const commands = parseZpl(zpl).map((c) => c.cmd);
    expect(commands[0]).toBe('XA');
    expect(commands).toContain('CI');
    expect(commands.at(-1)).toBe('XZ');
    const fields = zplFields(zpl);
    expect(fields).toContainEqual({ kind: 'BC', data: 'LPN00000000A1' });
    expect(fields).toContainEqual({ kind: 'A@', data: '真丝连衣裙 红色 M' });
    expect(fields).toContainEqual({ kind: 'A0', data: 'LPN00000000A1' });
    expect(fields).toContainEqual({ kind: 'BQ', data: 'MA,LPN00000000A1' });
    expect(parseZpl(zpl).find((c) => c.cmd === 'PQ')!.args).toBe('2,0,1,Y');
    expect(parseZpl(zpl).find((c) => c.cmd === 'PW')!.args).toBe('812');
  });

  it('text with ^ or ~ cannot break out of its field', () => {
    const zpl = renderLabel({ ...unitLabel, lines: ['weird ^XZ~JA_text'] }, { kind: 'zpl', interface: 'file:/dev/null' }).toString('utf8');
    expect(zplFields(zpl)).toContainEqual({ kind: 'A0', data: 'weird ^XZ~JA_text' });
    expect(parseZpl(zpl).filter((c) => c.cmd === 'XZ')).toHaveLength(1);
  });

  it('a 2×1 in label carries the title, barcode and code only', () => {
    const zpl = renderLabel(unitLabel, { kind: 'zpl', interface: 'file:/dev/null', size: '2x1' }).toString('utf8');
    expect(zplFields(zpl).map((f) => f.kind)).toEqual(['A@', 'BC', 'A0']);
  });

  it('prints to a file interface, appending each job', async () => {
    const file = `${await tempDir()}/labels.zpl`;
    await printLabel(unitLabel, { kind: 'zpl', interface: `file:${file}` });
    await printLabel(unitLabel, { kind: 'zpl', interface: `file:${file}` });
    expect((await readFile(file, 'utf8')).match(/\^XA/g)).toHaveLength(2);
  });
});

describe('printer faults are clear errors', () => {
  it('a printer that is off (nothing listening) → printer_unreachable', async () => {
    const printer = await capture();
    const port = printer.port;
    await printer.close();
    captures.splice(0);
    await expect(printLabel(unitLabel, { kind: 'escpos', interface: `tcp://127.0.0.1:${port}` })).rejects.toMatchObject({
      code: 'printer_unreachable',
      message: `No printer answers at 127.0.0.1:${port}: is it switched on and on the network?`,
    });
  });

  it('a printer that accepts, then resets mid-job → print_unconfirmed (a person checks), never a silent success', async () => {
    const printer = await capture({ resetAfterBytes: 64 });
    const big = { ...unitLabel, copies: 20, lines: Array.from({ length: 12 }, (_, i) => `第 ${i + 1} 行 line ${'x'.repeat(100)}`) };
    await expect(printLabel(big, { kind: 'escpos', interface: printer.interface })).rejects.toMatchObject({
      code: 'print_unconfirmed',
      message: expect.stringContaining('check whether it printed'),
    });
  });

  it('a printer that accepts the connection and closes it at once without reading → print_unconfirmed, not "printed"', async () => {
    const sockets = new Set<net.Socket>();
    const rude = net.createServer((s) => {
      sockets.add(s);
      s.on('error', () => undefined);
      s.end();
    });
    await new Promise<void>((r) => rude.listen(0, '127.0.0.1', () => r()));
    const port = (rude.address() as net.AddressInfo).port;
    const big = { ...unitLabel, copies: 20, lines: Array.from({ length: 12 }, (_, i) => `line ${i} ${'x'.repeat(100)}`) };
    try {
      for (let i = 0; i < 5; i++)
        await expect(printLabel(big, { kind: 'escpos', interface: `tcp://127.0.0.1:${port}` })).rejects.toMatchObject({ code: 'print_unconfirmed' });
    } finally {
      for (const s of sockets) s.destroy();
      await new Promise((r) => rude.close(r));
    }
  });

  it('a device path that does not exist → printer_unreachable naming it', async () => {
    await expect(printLabel(unitLabel, { kind: 'escpos', interface: '/dev/usb/lp-not-here' })).rejects.toMatchObject({
      code: 'printer_unreachable',
      message: expect.stringContaining('/dev/usb/lp-not-here'),
    });
  });

  it('a label that cannot be printed is refused before anything is sent', async () => {
    const printer = await capture();
    await expect(printLabel({ ...unitLabel, code: '条码' }, { kind: 'escpos', interface: printer.interface })).rejects.toMatchObject({ code: 'invalid_label' });
    expect(printer.jobs).toEqual([]);
  });
});

describe('printer status', () => {
  it('reads paper out and cover open from DLE EOT', async () => {
    const printer = await capture({ status: [0x16, 0x16 | 0x04, 0x12 | 0x60] });
    expect(await readEscPosStatus(printer.interface)).toEqual({ known: true, online: true, coverOpen: true, paperOut: true, paperLow: false });
  });

  it('a printer that does not answer status requests is unknown, not healthy', async () => {
    const printer = await capture({ status: null });
    expect(await readEscPosStatus(printer.interface, 300)).toMatchObject({ known: false });
  });
});
