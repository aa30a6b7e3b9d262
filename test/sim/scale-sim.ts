import { SerialPort } from 'serialport';
import type { ScaleProtocol } from '../../shared/devices/scale';

export type SimMode = 'stable' | 'motion' | 'overload' | 'silent' | 'garbage';

/** The frame a scale of `protocol` sends for a weight (or its status, for overload and motion). */
export function scaleFrame(protocol: ScaleProtocol, grams: number, mode: 'stable' | 'motion' | 'overload'): string {
  const kg = (grams / 1000).toFixed(3);
  switch (protocol) {
    case 'mt-sics':
      return mode === 'overload' ? 'S +\r\n' : `S ${mode === 'motion' ? 'D' : 'S'} ${kg.padStart(10)} kg\r\n`;
    case 'toledo-8217':
      return mode === 'overload' ? '\x02?B\r' : mode === 'motion' ? '\x02?A\r' : `\x02${kg.padStart(6, '0')}\r`;
    case 'nci':
      return mode === 'overload' ? '\n02\r\x03' : `\n${kg.padStart(7, '0')}KG\r\n${mode === 'motion' ? '1' : '0'}0\r\x03`;
    case 'cas':
      return `${mode === 'overload' ? 'OL' : mode === 'motion' ? 'US' : 'ST'},GS,+${kg.padStart(8)}kg\r\n`;
    case 'adam':
      return mode === 'overload' ? 'OL,GS,+ 99.999kg\r\n' : `${mode === 'motion' ? 'US' : 'ST'},GS,+${kg.padStart(8)}kg\r\n`;
  }
}

const REQUESTS: Record<ScaleProtocol, RegExp | null> = { 'mt-sics': /^SI?$/, 'toledo-8217': /^W$/, nci: /^W$/, cas: null, adam: /^P$/ };
/** Commands end at CR or LF, except Toledo's: single letters with no terminator (see `commandsIn`). */
const LINE_END = /\r\n|\r|\n/;

/**
 * A scale on the simulator end of a PTY pair: answers weight requests in its protocol (or streams, like
 * CAS), and can be put into motion, overload, silence or garbage, as a real scale and a bad cable can.
 */
export async function startScaleSim(path: string, protocol: ScaleProtocol, initialGrams = 0) {
  const port = new SerialPort({ path, baudRate: 9600, autoOpen: false, hupcl: false });
  await new Promise<void>((resolve, reject) => port.open((e) => (e ? reject(e) : resolve())));
  const state = { grams: initialGrams, offset: 0, mode: 'stable' as SimMode, commands: [] as string[] };
  const send = () => {
    if (state.mode === 'silent' || !port.isOpen) return;
    port.write(state.mode === 'garbage' ? '\x7f#%*S S 1x.2 k@@\r\n\x02?\x019z\r\n\x03' : scaleFrame(protocol, state.grams - state.offset, state.mode));
  };
  let pending = '';
  port.on('data', (chunk: Buffer) => {
    pending += chunk.toString('latin1');
    let commands: string[];
    if (protocol === 'toledo-8217') {
      commands = [...pending].filter((c) => 'WZT'.includes(c));
      pending = '';
    } else {
      const parts = pending.split(LINE_END);
      pending = parts.pop() ?? '';
      // A real NCI scale acts on the command letter that ends the line, whatever came before it.
      commands = parts.map((raw) => (protocol === 'nci' ? raw.trim().slice(-1) : raw.trim())).filter(Boolean);
    }
    for (const command of commands) {
      state.commands.push(command);
      if (REQUESTS[protocol]?.test(command)) send();
      else if (command === 'Z' || command === 'T') {
        // Zero and tare both make what is on the platform read 0 from now on.
        state.offset = state.grams;
        if (protocol === 'mt-sics') port.write(`${command} A\r\n`);
      } else if (protocol === 'mt-sics' && state.mode !== 'silent') port.write('ES\r\n');
    }
  });
  const stream = protocol === 'cas' ? setInterval(send, 100) : undefined;
  return {
    set(grams: number, mode: SimMode = 'stable') {
      state.grams = grams;
      state.mode = mode;
    },
    get state() {
      return { grams: state.grams, mode: state.mode };
    },
    /** Commands the station sent, in order. */
    get commands() {
      return [...state.commands];
    },
    async close() {
      clearInterval(stream);
      if (port.isOpen) await new Promise((r) => port.close(r));
    },
  };
}
export type ScaleSim = Awaited<ReturnType<typeof startScaleSim>>;
