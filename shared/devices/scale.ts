/**
 * Serial scale protocols: a streaming parser per protocol and the bytes to send (weight, zero, tare,
 * probe). Pure: the I/O is in electron/services/devices.
 */
import { delimitedFramer, lineFramer, type Framer } from './scale-framing';
import { parseAdam, parseCas, parseMtSics, parseNci, parseToledo } from './scale-protocols';
import type { ScaleCommands, ScaleProtocol, ScaleReading, ScaleUnit } from './scale-types';

export type { LineSettings, ScaleCommands, ScaleProtocol, ScaleReading, ScaleUnit } from './scale-types';
export { SCALE_PROTOCOLS } from './scale-types';

const bytes = (s: string) => Uint8Array.from(s, (c) => c.charCodeAt(0));

export const SCALE_COMMANDS: Record<ScaleProtocol, ScaleCommands> = {
  'mt-sics': {
    requestWeight: bytes('SI\r\n'),
    zero: bytes('Z\r\n'),
    tare: bytes('T\r\n'),
    probe: bytes('SI\r\n'),
    line: { baudRate: 9600, dataBits: 8, parity: 'none', stopBits: 1 },
  },
  'toledo-8217': {
    requestWeight: bytes('W'),
    zero: bytes('Z'),
    tare: bytes('T'),
    probe: bytes('W'),
    line: { baudRate: 9600, dataBits: 7, parity: 'even', stopBits: 1 },
  },
  nci: {
    requestWeight: bytes('W\r'),
    zero: bytes('Z\r'),
    tare: bytes('T\r'),
    probe: bytes('W\r'),
    line: { baudRate: 9600, dataBits: 7, parity: 'even', stopBits: 1 },
  },
  cas: { requestWeight: null, zero: null, tare: null, probe: null, line: { baudRate: 9600, dataBits: 8, parity: 'none', stopBits: 1 } },
  adam: {
    requestWeight: bytes('P\r\n'),
    zero: bytes('Z\r\n'),
    tare: bytes('T\r\n'),
    probe: bytes('P\r\n'),
    line: { baudRate: 4800, dataBits: 8, parity: 'none', stopBits: 1 },
  },
};

/**
 * A streaming parser: frames may be split anywhere across chunks, several may come in one chunk, and
 * noise between them is skipped. Units the scale sends win; `unit` is for protocols that send none
 * (Toledo, default lb as those scales usually ship).
 */
export function createScaleParser(protocol: ScaleProtocol, options: { unit?: ScaleUnit } = {}): { push(chunk: Uint8Array): ScaleReading[] } {
  const [framer, parse]: [Framer, (frame: string) => ScaleReading | null] = (() => {
    switch (protocol) {
      case 'mt-sics':
        return [lineFramer(), parseMtSics];
      case 'toledo-8217':
        return [delimitedFramer('\x02', '\r'), (f: string) => parseToledo(f, options.unit ?? 'lb')];
      case 'nci':
        return [delimitedFramer('\n', '\x03'), parseNci];
      case 'cas':
        return [lineFramer(), parseCas];
      case 'adam':
        return [lineFramer(), parseAdam];
    }
  })();
  return {
    push(chunk) {
      const readings: ScaleReading[] = [];
      for (const frame of framer.push(chunk)) {
        const reading = parse(frame);
        if (reading) readings.push(reading);
      }
      return readings;
    },
  };
}
