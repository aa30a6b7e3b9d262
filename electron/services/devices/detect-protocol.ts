import { SCALE_COMMANDS, SCALE_PROTOCOLS, createScaleParser, type ScaleProtocol, type ScaleReading } from '../../../shared/devices/scale';
import { closePort, openPort, writePort } from './open-port';

export interface DetectResult {
  protocol: ScaleProtocol | null;
  reading?: ScaleReading;
  /** What each protocol's probe got, for a person to read when nothing answered. */
  tried: { protocol: ScaleProtocol; outcome: string }[];
}

/**
 * Which protocol a scale on `path` speaks: for each protocol, open the port with that protocol's usual
 * line settings, send its probe (or just listen, for streaming scales) and see whether its parser reads
 * a weight or a status from the answer. The first that does wins.
 */
export async function detectScaleProtocol(path: string, options: { listenMs?: number; open?: typeof openPort } = {}): Promise<DetectResult> {
  const open = options.open ?? openPort;
  const listenMs = options.listenMs ?? 600;
  const tried: DetectResult['tried'] = [];
  for (const protocol of SCALE_PROTOCOLS) {
    const commands = SCALE_COMMANDS[protocol];
    let port: Awaited<ReturnType<typeof open>>;
    try {
      port = await open(path, commands.line);
    } catch (err) {
      tried.push({ protocol, outcome: (err as Error).message });
      if (protocol === SCALE_PROTOCOLS[0]) return { protocol: null, tried };
      continue;
    }
    const parser = createScaleParser(protocol);
    const readings: ScaleReading[] = [];
    port.on('data', (chunk: Buffer) => readings.push(...parser.push(chunk).filter((r) => !(r.kind === 'status' && r.status === 'error'))));
    if (commands.probe) await writePort(port, commands.probe).catch(() => undefined);
    await new Promise((r) => setTimeout(r, commands.probe ? listenMs : listenMs * 2));
    await closePort(port);
    if (readings.length > 0) return { protocol, reading: readings[0]!, tried: [...tried, { protocol, outcome: 'answered' }] };
    tried.push({ protocol, outcome: 'no answer' });
  }
  return { protocol: null, tried };
}
