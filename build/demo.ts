// `npm run demo`: the station in a browser, with a simulated scale and barcode scanner on serial PTYs
// (socat), so a newcomer sees live devices. Type commands here to move the scale or scan something.
import { SAMPLE_STORY_WORDS, sampleGuide } from '../shared/reference/sample-guide';
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { parseArgs } from 'node:util';
import { openSettingsStore } from '../electron/services/settings/settings-store';
import type { SimMode } from '../test/sim/scale-sim';
import { startSimulatedDevices } from '../test/sim/simulated-devices';
import { startPrinterCapture } from '../test/sim/printer-capture';
import { printedLines, tokenizeEscPos } from '../test/printing/escpos-tokenizer';

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: process.env.STATION_PORT ?? '5180' },
    'data-dir': { type: 'string', default: process.env.STATION_DATA_DIR ?? path.join(os.homedir(), '.returns-station', 'browser-mode') },
    'no-sim': { type: 'boolean', default: false },
  },
});
const dataDir = path.resolve(values['data-dir']);
// Each demo's simulated devices live apart (named after its data folder): a second demo on another port and
// folder gets its own scale and scanner, and never takes the first one's.
const simDir = path.join(os.tmpdir(), `returns-station-sim-${createHash('sha256').update(dataDir).digest('hex').slice(0, 8)}`);
const SIM_IDS = ['sim-scale', 'sim-scanner'];

async function startSimulators() {
  if (spawnSync('socat', ['-V']).error) {
    console.log('socat is not installed (apt-get install socat): starting without simulated devices.');
    return null;
  }
  mkdirSync(simDir, { recursive: true });
  // The scale starts empty, as a real one on a clear bench: the first parcel is put on it with `w`.
  // Unnamed: the UI calls them by what they are, in its language (电子秤, Scale).
  const sims = await startSimulatedDevices(simDir, { scale: '', scanner: '' }, 0);
  const devices = sims.devices.map((d) => ({ ...d, id: `sim-${d.role}` }));
  const printer = await startSimulatedPrinter();
  const settings = await openSettingsStore(dataDir);
  const others = settings.get().settings.devices.filter((d) => !SIM_IDS.includes(d.id));
  const otherPrinters = settings.get().settings.printers.filter((p) => p.id !== 'sim-printer');
  await settings.update({
    devices: [...devices, ...others],
    printers: [{ id: 'sim-printer', label: '', config: { kind: 'escpos', interface: printer.interface, width: 80 } }, ...otherPrinters],
  });
  return Object.assign(sims, { printer });
}

/** The demo printer, switched off and on from the terminal (it keeps its address). */
let printerOn = true;

/** A network ESC/POS printer on loopback; every job is decoded and shown here and kept in a file. */
async function startSimulatedPrinter(port = 9191) {
  const printedDir = path.join(simDir, 'printed');
  mkdirSync(printedDir, { recursive: true });
  // Numbered on from the labels already there: switching the printer off and on never overwrites one.
  let count = Math.max(0, ...readdirSync(printedDir).map((f) => Number(/^(\d+)\.txt$/.exec(f)?.[1] ?? 0)));
  const onJob = (job: Buffer) => {
    count++;
    const tokens = tokenizeEscPos(job);
    const barcodes = tokens.filter((t) => t.type === 'barcode').map((t) => `[${t.symbology} ${t.data}]`);
    const text = [...printedLines(tokens), ...barcodes, `(${tokens.filter((t) => t.type === 'cut').length} cut)`].join('\n');
    writeFileSync(path.join(printedDir, `${String(count).padStart(4, '0')}.txt`), `${text}\n`);
    console.log(`\n── printed on the simulated printer (${printedDir}) ──\n${text}\n──`);
  };
  // A fixed port keeps the printer's address the same from one demo to the next.
  return startPrinterCapture({ port, onJob }).catch(() => startPrinterCapture({ onJob }));
}

const HELP = `Simulated devices (and a printer whose labels are decoded here) — type a command and Enter:
  w 1234     put 1234 g on the scale (stable)      m   make it move        o   overload
  g          the scale sends garbage               q   the scale goes quiet
  s CODE     scan CODE with the serial scanner     u   unplug the scale    r   plug it back in
  p off      switch the printer off               p on   switch it back on`;

const sims = values['no-sim'] ? null : await startSimulators();
const host = spawn(process.execPath, ['dist-electron/host.js', '--port', values.port, '--data-dir', dataDir], { stdio: 'inherit' });
if (sims) {
  console.log(`${HELP}\nPrinted labels are kept in ${path.join(simDir, 'printed')}.`);
  // What the sample holds (Settings → Reference data → Load sample data), and what to scan for each story.
  console.log(
    `\nThe sample data (Settings → Reference data → Load sample data; clerk PIN 1234, manager 9999):\n${sampleGuide()
      .map(
        (g) =>
          `  s ${g.rmaNo}  ${g.customer}: ${SAMPLE_STORY_WORDS[g.story]}\n${g.items.map((i) => `      s ${i.gtin}  ${i.name}${i.shipped ? '' : ' (never shipped)'}`).join('\n')}`,
      )
      .join('\n')}`,
  );
  const rl = readline.createInterface({ input: process.stdin });
  rl.on('line', async (line) => {
    const [cmd, ...rest] = line.trim().split(/\s+/);
    const arg = rest.join(' ');
    const weight = sims.scale.state.grams;
    const set = (grams: number, mode: SimMode) => sims.scale.set(grams, mode);
    try {
      if (cmd === 'w') set(Number(arg) || 0, 'stable');
      else if (cmd === 'm') set(weight, 'motion');
      else if (cmd === 'o') set(weight, 'overload');
      else if (cmd === 'g') set(weight, 'garbage');
      else if (cmd === 'q') set(weight, 'silent');
      else if (cmd === 's' && arg) await sims.scanner.scan(arg);
      else if (cmd === 'u') await sims.unplugScale();
      else if (cmd === 'r') await sims.replugScale();
      else if (cmd === 'p' && arg === 'off' && printerOn) {
        await sims.printer.close();
        printerOn = false;
        console.log('Printer off: labels wait in the queue (Labels page), and print when it is back on.');
      } else if (cmd === 'p' && arg === 'on' && !printerOn) {
        sims.printer = await startSimulatedPrinter(sims.printer.port);
        printerOn = true;
        console.log('Printer on.');
      } else console.log(HELP);
    } catch (err) {
      console.log(`Could not do that: ${(err as Error).message}`);
    }
  });
}
const stop = async () => {
  host.kill('SIGTERM');
  await sims?.close();
  await sims?.printer.close();
  process.exit(0);
};
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
host.once('exit', async (code) => {
  await sims?.close();
  process.exit(code ?? 0);
});
