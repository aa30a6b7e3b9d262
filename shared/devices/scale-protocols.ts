/**
 * Frame → reading, per protocol (hardware.md). Each returns null for a frame that is not this protocol's
 * (noise, an echo, an acknowledgement): skipped. A frame that is recognisably this protocol's but
 * broken yields a status `error` reading with the frame in `detail`.
 */
import type { ScaleReading, ScaleUnit } from './scale-types';
import { parseUnit, toGrams } from './units';

const broken = (frame: string): ScaleReading => ({ kind: 'status', status: 'error', detail: `unreadable frame ${JSON.stringify(frame)}` });
const NUMBER = /^[+-]?\s*\d+(?:\.\d+)?$|^[+-]?\s*\.\d+$/;
const num = (text: string) => Number(text.replace(/\s+/g, ''));

/** Mettler Toledo MT-SICS: `S S     12.34 kg`, `S D 0.502 kg`, `S I`, `S +`, `S -`, `ES`/`ET`/`EL`. */
export function parseMtSics(frame: string): ScaleReading | null {
  const line = frame.trim();
  if (line === 'ES' || line === 'ET' || line === 'EL') {
    const detail = { ES: 'syntax error', ET: 'transmission error', EL: 'logical error' }[line];
    return { kind: 'status', status: 'error', detail };
  }
  const m = /^(S|SI)\s+(\S)(?:\s+(.*))?$/.exec(line);
  if (!m) return null;
  const [, , flag, rest] = m;
  if (flag === 'I') return { kind: 'status', status: 'busy' };
  if (flag === '+') return { kind: 'status', status: 'overload' };
  if (flag === '-') return { kind: 'status', status: 'underload' };
  if (flag !== 'S' && flag !== 'D') return broken(frame);
  const w = /^([+-]?\s*[\d.]+)\s*([A-Za-z]+)$/.exec(rest?.trim() ?? '');
  const unit = w ? parseUnit(w[2]!) : undefined;
  if (!w || !unit || !NUMBER.test(w[1]!)) return broken(frame);
  return { kind: 'weight', grams: toGrams(num(w[1]!), unit), stable: flag === 'S' };
}

/**
 * Mettler Toledo 8213/8217 (Toledo protocol), frame = what is between STX and CR: `01.250` (unit as
 * configured on the scale, often lb), optionally with a unit and an N for net; or `?` + status byte.
 */
export function parseToledo(frame: string, unit: ScaleUnit): ScaleReading | null {
  if (frame.startsWith('?')) {
    const code = frame.charCodeAt(1);
    if (Number.isNaN(code) || frame.length !== 2) return broken(frame);
    if (code & 0b10) return { kind: 'status', status: 'overload' };
    if (code & 0b100) return { kind: 'status', status: 'underload' };
    if (code & 0b1) return { kind: 'status', status: 'motion' };
    return { kind: 'status', status: 'error', detail: `status byte 0x${code.toString(16)}` };
  }
  if (frame === 'E') return null; // the echo command's acknowledgement
  const m = /^\s*([+-]?\d*\.?\d+)\s*(KG|LB|OZ|G|kg|lb|oz|g)?\s*(N)?\s*$/.exec(frame);
  if (!m) return /^[\d.\s]+/.test(frame) ? broken(frame) : null;
  const reading: ScaleReading = { kind: 'weight', grams: toGrams(Number(m[1]), m[2] ? parseUnit(m[2])! : unit), stable: true };
  return m[3] ? { ...reading, net: true } : reading;
}

/**
 * NCI / Weigh-Tronix / Brecknell, frame = between LF and ETX: `0001.25LB\r\n` + status bytes + `\r`.
 * Status byte 1: bit0 motion, bit1 at zero, bit2 RAM error, bit3 EEPROM error. Byte 2: bit0 under
 * capacity, bit1 over capacity, bit2 ROM error, bit3 calibration error. Byte 3 (optional): bit1 net.
 */
export function parseNci(frame: string): ScaleReading | null {
  const parts = frame.split(/\r\n|\r|\n/).filter((p) => p.length > 0);
  const statusText = parts[parts.length - 1];
  if (!statusText || !/^[\x30-\x4f]{2,3}$/.test(statusText)) return parts.length ? broken(frame) : null;
  const [s1 = 0, s2 = 0, s3 = 0] = Array.from(statusText, (c) => c.charCodeAt(0) & 0x0f);
  if (s2 & 0b10) return { kind: 'status', status: 'overload' };
  if (s2 & 0b1) return { kind: 'status', status: 'underload' };
  if (s1 & 0b1100 || s2 & 0b1100) return { kind: 'status', status: 'error', detail: `status ${statusText}` };
  const weightText = parts.length >= 2 ? parts[0]! : undefined;
  if (weightText === undefined) return s1 & 0b1 ? { kind: 'status', status: 'motion' } : broken(frame);
  const m = /^\s*([+-]?\d*\.?\d+)\s*(LB|KG|OZ|G|lb|kg|oz|g)\s*$/.exec(weightText);
  if (!m) return broken(frame);
  const reading: ScaleReading = { kind: 'weight', grams: toGrams(Number(m[1]), parseUnit(m[2]!)!), stable: (s1 & 0b1) === 0 };
  return s3 & 0b10 ? { ...reading, net: true } : reading;
}

/** CAS continuous output: `ST,GS,+  4.876kg` (ST stable, US unstable, OL overload; GS gross, NT net). */
export function parseCas(frame: string): ScaleReading | null {
  const m = /^(ST|US|OL),(GS|NT|TR|TA),(.*)$/.exec(frame.trim());
  if (!m) return null;
  if (m[1] === 'OL') return { kind: 'status', status: 'overload' };
  const w = /^([+-])?\s*([\d.]+)\s*([A-Za-z]+)$/.exec(m[3]!.trim());
  const unit = w ? parseUnit(w[3]!) : undefined;
  if (!w || !unit || !NUMBER.test(w[2]!)) return broken(frame);
  const grams = toGrams(num(`${w[1] ?? ''}${w[2]}`), unit);
  const reading: ScaleReading = { kind: 'weight', grams, stable: m[1] === 'ST' };
  return m[2] === 'NT' ? { ...reading, net: true } : reading;
}

/**
 * Adam Equipment print output: sign, value, unit (`+   1.234 kg`, `   12.50 g`), on some models after a
 * CAS-like `ST,GS,` header. Without a stability mark a printed weight is stable (Adam prints on stable).
 */
export function parseAdam(frame: string): ScaleReading | null {
  const line = frame.trim();
  if (/^(ST|US|OL),/.test(line)) return parseCas(line);
  const m = /^([+-])?\s*([\d.]+)\s*([A-Za-z]+)\s*(\?)?$/.exec(line);
  if (!m) return /^[+-]\s*\d/.test(line) ? broken(frame) : null;
  const unit = parseUnit(m[3]!);
  if (!unit || !NUMBER.test(m[2]!)) return broken(frame);
  return { kind: 'weight', grams: toGrams(num(`${m[1] ?? ''}${m[2]}`), unit), stable: m[4] !== '?' };
}
