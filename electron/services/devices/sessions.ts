/**
 * What a device does while its port is open. A scale session polls (when its protocol asks for
 * weights), parses and watches for silence or garbage; a scanner session splits lines into scans.
 */
import { StringDecoder } from 'node:string_decoder';
import type { SerialPort } from 'serialport';
import { SCALE_COMMANDS, createScaleParser, type ScaleReading } from '../../../shared/devices/scale';
import { MAX_SCAN_LENGTH, checkScanLine } from '../../../shared/devices/scan-line';
import type { DeviceConfig } from '../../../shared/settings/schema';
import { writePort } from './open-port';

export interface SessionEvents {
  reading(reading: ScaleReading): void;
  scan(data: string): void;
  /** The device is open but not saying anything useful (silent, or only garbage). */
  health(state: 'ok' | 'no_data' | 'error', message?: string): void;
}

export interface Session {
  stop(): void;
  /** Sends a command (zero, tare) if the protocol has one. */
  send?(command: 'zero' | 'tare' | 'weight'): Promise<boolean>;
}

export interface SessionTiming {
  pollMs: number;
  /** No frame for this long ⇒ `no_data`. */
  silentAfterMs: number;
  /** This many unreadable frames in a row ⇒ `error`. */
  errorAfterFrames: number;
}

export const DEFAULT_TIMING: SessionTiming = { pollMs: 250, silentAfterMs: 2000, errorAfterFrames: 3 };

export function startScaleSession(port: SerialPort, device: DeviceConfig, events: SessionEvents, timing = DEFAULT_TIMING): Session {
  const commands = SCALE_COMMANDS[device.protocol!];
  const parser = createScaleParser(device.protocol!, device.unit ? { unit: device.unit } : {});
  let lastFrameAt = Date.now();
  let bytesSinceFrame = 0;
  let badFrames = 0;
  let health: 'ok' | 'no_data' | 'error' = 'ok';
  const setHealth = (next: typeof health, message?: string) => {
    if (next === health) return;
    health = next;
    events.health(next, message);
  };

  const onData = (chunk: Buffer) => {
    bytesSinceFrame += chunk.length;
    for (const reading of parser.push(chunk)) {
      lastFrameAt = Date.now();
      bytesSinceFrame = 0;
      if (reading.kind === 'status' && reading.status === 'error' && reading.detail?.startsWith('unreadable frame')) {
        badFrames++;
        if (badFrames >= timing.errorAfterFrames) {
          setHealth(
            'error',
            `The scale sends data that cannot be read as ${device.protocol}. Check the protocol and the line settings (baud, data bits, parity).`,
          );
        }
      } else {
        badFrames = 0;
        setHealth('ok');
      }
      events.reading(reading);
    }
  };
  port.on('data', onData);

  const poll = commands.requestWeight ? setInterval(() => void writePort(port, commands.requestWeight!).catch(() => undefined), timing.pollMs) : undefined;
  const watchdog = setInterval(
    () => {
      if (Date.now() - lastFrameAt <= timing.silentAfterMs) return;
      if (bytesSinceFrame > 0) {
        // Bytes arrive but never form a frame: the classic symptom of a wrong baud rate or protocol.
        setHealth(
          'error',
          `The scale sends data that cannot be read as ${device.protocol}. Check the protocol and the line settings (baud, data bits, parity).`,
        );
      } else {
        setHealth(
          'no_data',
          `No data from the scale for ${Math.round((Date.now() - lastFrameAt) / 1000)} s: is it switched on, and set to ${device.protocol}?`,
        );
      }
    },
    Math.min(500, timing.silentAfterMs),
  );

  return {
    stop() {
      clearInterval(poll);
      clearInterval(watchdog);
      port.off('data', onData);
    },
    async send(command) {
      const bytes = command === 'weight' ? commands.requestWeight : commands[command];
      if (!bytes) return false;
      await writePort(port, bytes);
      return true;
    },
  };
}

/**
 * Serial scanners send one code per line (CR, LF or CRLF), AIM prefix included when configured. Lines
 * that are not plausible scans (too long, control bytes, invalid UTF-8) are dropped and counted, and the
 * device says so on the Devices page instead of feeding noise to the receiving flow.
 */
export function startScannerSession(port: SerialPort, events: SessionEvents): Session {
  // QR codes may carry UTF-8 (Chinese product names): a character split across chunks must survive.
  const decoder = new StringDecoder('utf8');
  let pending = '';
  let noise = 0;
  let good = 0;
  const dropped = () => {
    noise++;
    // Only when noise dominates: one smudged read among good scans is not a device problem.
    if (noise >= 3 && noise > good) events.health('error', `Ignored ${noise} unreadable line(s) from this scanner: check its baud rate and cable.`);
  };
  const onData = (chunk: Buffer) => {
    pending += decoder.write(chunk);
    const lines = pending.split(/\r\n|\r|\n/);
    pending = lines.pop() ?? '';
    if (pending.length > MAX_SCAN_LENGTH) {
      pending = '';
      dropped();
    }
    for (const line of lines) {
      if (line.length === 0) continue;
      const verdict = checkScanLine(line);
      if (!verdict.ok) {
        dropped();
        continue;
      }
      good++;
      if (noise > 0 && good >= noise) {
        noise = 0;
        events.health('ok');
      }
      events.scan(verdict.data);
    }
  };
  port.on('data', onData);
  return { stop: () => void port.off('data', onData) };
}
