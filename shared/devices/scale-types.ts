import { z } from 'zod';

export type ScaleProtocol = 'mt-sics' | 'toledo-8217' | 'nci' | 'cas' | 'adam';
export const SCALE_PROTOCOLS = ['mt-sics', 'toledo-8217', 'nci', 'cas', 'adam'] as const satisfies readonly ScaleProtocol[];

export const ScaleReadingSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('weight'), grams: z.number(), stable: z.boolean(), net: z.boolean().optional() }),
  z.object({ kind: z.literal('status'), status: z.enum(['overload', 'underload', 'motion', 'busy', 'error']), detail: z.string().optional() }),
]);
export type ScaleReading =
  | { kind: 'weight'; grams: number; stable: boolean; net?: boolean }
  | { kind: 'status'; status: 'overload' | 'underload' | 'motion' | 'busy' | 'error'; detail?: string };

export type ScaleUnit = 'kg' | 'g' | 'lb' | 'oz';

export interface LineSettings {
  baudRate: number;
  dataBits: 7 | 8;
  parity: 'none' | 'even' | 'odd';
  stopBits: 1 | 2;
}

/** What the station sends a scale, and how it talks. `null` where the protocol has no such command. */
export interface ScaleCommands {
  /** Ask for one weight; null for scales that stream on their own (CAS). */
  requestWeight: Uint8Array | null;
  zero: Uint8Array | null;
  tare: Uint8Array | null;
  /** Sent when auto-detecting; a protocol answers if its parser then yields any reading. */
  probe: Uint8Array | null;
  /** The line settings the protocol's scales usually ship with. */
  line: LineSettings;
}
