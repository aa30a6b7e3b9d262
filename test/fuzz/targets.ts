/**
 * Every parser that sees outside input, as fast-check properties: never throws, never hangs, never
 * accepts what it must not, and gives back what was put in where a round trip exists. `npm run fuzz`
 * runs each with its full count (10⁶ inputs in all); the unit suite runs them with a hundredth.
 */
import fc from 'fast-check';
import { classifyScan } from '../../shared/barcode/classify';
import { gs1CheckDigit } from '../../shared/barcode/check-digits';
import { ScanResultSchema } from '../../shared/barcode/scan-result';
import { createScaleParser, SCALE_PROTOCOLS, type ScaleProtocol } from '../../shared/devices/scale';
import { ScaleReadingSchema } from '../../shared/devices/scale-types';
import { checkScanLine, MAX_SCAN_LENGTH } from '../../shared/devices/scan-line';
import { createWedgeDetector, DEFAULT_WEDGE_SETTINGS } from '../../shared/devices/wedge';
import { CALL_NAMES, type StationHandlers } from '../../shared/ipc/contract';
import { dispatchCall } from '../../shared/ipc/dispatch';
import { WsRequestSchema } from '../../shared/ipc/ws-protocol';
import { parseReferenceFile } from '../../shared/reference/import';
import { sampleReference } from '../../shared/reference/sample-data';
import { OUTBOX_TYPES } from '../../shared/sync/outbox-types';
import { EnrolRequestSchema, PushRequestSchema } from '../../shared/sync/protocol';
import { scaleFrame } from '../sim/scale-sim';

export interface FuzzTarget {
  name: string;
  /** Inputs in a full `npm run fuzz`. */
  runs: number;
  property(): fc.IPropertyWithHooks<unknown> | fc.IAsyncPropertyWithHooks<unknown>;
}

const enc = new TextEncoder();
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
/** Text as an outside source sends it: any code points, control characters, lone surrogates. */
const anyText = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 300 }),
  fc.string({ unit: 'grapheme-composite', maxLength: 80 }),
  fc.string({ maxLength: 600 }),
);
const digits = (n: number) => fc.string({ unit: fc.constantFrom(...'0123456789'), minLength: n, maxLength: n });

/** 1 of the 5 scale protocols, with the unit a Toledo is set to. */
const parserFor = (p: ScaleProtocol) => createScaleParser(p, { unit: 'kg' });

export const FUZZ_TARGETS: FuzzTarget[] = [
  {
    name: 'scan classification: any text, never a throw, always a valid result',
    runs: 200_000,
    property: () => fc.property(anyText, (raw) => ScanResultSchema.safeParse(classifyScan(raw)).success),
  },
  {
    name: 'scan classification: a GTIN-13 round-trips; a wrong check digit is never a GTIN',
    runs: 100_000,
    property: () =>
      fc.property(digits(12), fc.integer({ min: 1, max: 9 }), (body, off) => {
        const check = gs1CheckDigit(body);
        const good = classifyScan(`${body}${check}`);
        if (good.kind !== 'gtin' || good.gtin !== `0${body}${check}`) return false;
        const bad = classifyScan(`${body}${(check + off) % 10}`);
        return bad.kind !== 'gtin' && !(bad.kind === 'gs1' && bad.gtin);
      }),
  },
  {
    name: 'scan lines from serial scanners: accepted only when printable and short enough',
    runs: 50_000,
    property: () =>
      fc.property(anyText, (line) => {
        const v = checkScanLine(line);
        // Independent oracle: Unicode's control category (GS excepted), U+FFFD, and lone surrogates.
        return (
          !v.ok ||
          (v.data === line && v.data.length <= MAX_SCAN_LENGTH && !/[\p{Cc}\uFFFD]/u.test(v.data.replaceAll('\u001d', '')) && !LONE_SURROGATE.test(v.data))
        );
      }),
  },
  ...SCALE_PROTOCOLS.map(
    (protocol): FuzzTarget => ({
      name: `scale frames (${protocol}): any bytes in any chunks, never a throw, only valid readings with finite weights`,
      runs: 40_000,
      property: () =>
        fc.property(fc.array(fc.uint8Array({ maxLength: 64 }), { maxLength: 8 }), (chunks) => {
          const parser = parserFor(protocol);
          return chunks.every((c) => parser.push(c).every((r) => ScaleReadingSchema.safeParse(r).success && (r.kind !== 'weight' || Number.isFinite(r.grams))));
        }),
    }),
  ),
  ...SCALE_PROTOCOLS.map(
    (protocol): FuzzTarget => ({
      name: `scale frames (${protocol}): a weight sent in noise and split anywhere reads back exactly`,
      runs: 20_000,
      property: () =>
        fc.property(fc.integer({ min: 0, max: 99_999 }), fc.boolean(), fc.nat({ max: 40 }), fc.uint8Array({ maxLength: 12 }), (grams, moving, cut, noise) => {
          const parser = parserFor(protocol);
          // Noise never contains a frame's own delimiters, as a line-noise burst between frames would not.
          const junk = Uint8Array.from(noise.filter((b) => b > 0x20 && b < 0x7f));
          const frame = enc.encode(scaleFrame(protocol, grams, moving ? 'motion' : 'stable'));
          // Between frames: junk, then the end of a frame as this protocol knows it (NCI frames end at ETX).
          const end = enc.encode(protocol === 'nci' ? '\x03' : '\r\n');
          const all = new Uint8Array([...end, ...junk, ...end, ...frame]);
          const at = Math.min(cut, all.length);
          const readings = [...parser.push(all.slice(0, at)), ...parser.push(all.slice(at))].filter((r) => r.kind === 'weight');
          const last = readings.at(-1);
          if (protocol === 'toledo-8217' && moving) return readings.length === 0;
          return last?.kind === 'weight' && Math.round(last.grams) === grams && last.stable === !moving;
        }),
    }),
  ),
  {
    name: 'keyboard wedge: any keys at any times, never a throw; a scan is only ever characters that were typed',
    runs: 100_000,
    property: () =>
      fc.property(
        fc.array(
          fc.record({
            key: fc.oneof(fc.string({ minLength: 1, maxLength: 1 }), fc.constantFrom('Enter', 'Tab', 'Shift', 'Backspace', 'ArrowLeft', ']')),
            gap: fc.nat({ max: 200 }),
            ctrlKey: fc.boolean(),
          }),
          { maxLength: 60 },
        ),
        (keys) => {
          const wedge = createWedgeDetector({ ...DEFAULT_WEDGE_SETTINGS, prefix: '~' });
          let t = 1000;
          const typed = new Set(keys.map((k) => k.key).filter((k) => k.length === 1));
          for (const k of keys) {
            t += k.gap;
            const d = wedge.push({ key: k.key, ctrlKey: k.ctrlKey, timeStamp: t });
            if (d.scan !== undefined && ![...d.scan].every((c) => typed.has(c) || c === '\u001d')) return false;
            wedge.tick(t + 5_000);
          }
          return true;
        },
      ),
  },
  {
    name: 'keyboard wedge: a scanner burst is one scan of exactly its text; slow typing is never a scan',
    runs: 50_000,
    property: () =>
      fc.property(
        fc.string({ unit: fc.constantFrom(...'ABCDEFGHJKLMNPQRSTUVWXYZ0123456789-'), minLength: 4, maxLength: 40 }),
        fc.integer({ min: 1, max: 20 }),
        fc.integer({ min: 60, max: 400 }),
        (code, fast, slow) => {
          const burst = createWedgeDetector(DEFAULT_WEDGE_SETTINGS);
          const scans: string[] = [];
          let t = 1000;
          for (const c of code) scans.push(...[burst.push({ key: c, timeStamp: (t += fast) }).scan ?? []].flat());
          scans.push(...[burst.push({ key: 'Enter', timeStamp: (t += fast) }).scan ?? []].flat());
          const typing = createWedgeDetector(DEFAULT_WEDGE_SETTINGS);
          let typed = 0;
          t = 1000;
          for (const c of code) typed += typing.push({ key: c, timeStamp: (t += slow) }).scan ? 1 : 0;
          typed += typing.push({ key: 'Enter', timeStamp: (t += slow) }).scan ? 1 : 0;
          return scans.length === 1 && scans[0] === code && typed === 0;
        },
      ),
  },
  {
    name: 'reference import (CSV and JSON): any file text, never a throw; accepted only with rows that validate',
    runs: 60_000,
    property: () =>
      fc.property(fc.constantFrom('returns.csv', 'catalog.csv', 'reference.json', 'x.txt'), fc.oneof(anyText, fc.json({ maxDepth: 4 })), (name, text) => {
        const result = parseReferenceFile(name, text);
        return result.ok
          ? result.expectedReturns.length + result.catalog.length + result.policies.length > 0 || text.trim() !== ''
          : result.problems.length > 0;
      }),
  },
  {
    name: 'reference import: the sample reference as JSON round-trips',
    // A whole reference set per input (policies included): slow, so few.
    runs: 100,
    property: () =>
      fc.property(fc.date({ min: new Date('2025-01-01'), max: new Date('2030-01-01'), noInvalidDate: true }), (now) => {
        const sample = sampleReference(now);
        const result = parseReferenceFile(
          'reference.json',
          JSON.stringify({ expectedReturns: sample.expectedReturns, catalog: sample.catalog, policies: sample.policies }),
        );
        return result.ok && result.expectedReturns.length === sample.expectedReturns.length && result.catalog.length === sample.catalog.length;
      }),
  },
  {
    name: 'sync payloads at HQ (push, enrol, every outbox record type): any JSON, never a throw',
    runs: 150_000,
    property: () => {
      const schemas = [PushRequestSchema, EnrolRequestSchema, ...Object.values(OUTBOX_TYPES).map((t) => t.schema)];
      return fc.property(fc.nat({ max: schemas.length - 1 }), fc.jsonValue({ maxDepth: 5 }), (i, value) => {
        const parsed = schemas[i]!.safeParse(value);
        return typeof parsed.success === 'boolean';
      });
    },
  },
  {
    name: 'the browser host’s messages: any text, never a throw; only a valid call reaches a handler, with validated input',
    runs: 119_000,
    property: () => {
      const reached: string[] = [];
      const handlers = Object.fromEntries(CALL_NAMES.map((n) => [n, async () => void reached.push(n)])) as unknown as StationHandlers;
      return fc.asyncProperty(
        fc.oneof(
          anyText,
          fc.json({ maxDepth: 4 }),
          fc
            .record({
              type: fc.constant('call'),
              id: fc.nat(),
              channel: fc.oneof(fc.constantFrom(...CALL_NAMES), anyText),
              input: fc.jsonValue({ maxDepth: 3 }),
            })
            .map((r) => JSON.stringify(r)),
        ),
        async (text) => {
          let message: unknown;
          try {
            message = JSON.parse(text);
          } catch {
            return true;
          }
          const request = WsRequestSchema.safeParse(message);
          if (!request.success) return true;
          reached.length = 0;
          const result = await dispatchCall(handlers, request.data.channel, request.data.input);
          // A handler ran only for a known call whose input its schema accepted.
          return result.ok ? reached.length === 1 && reached[0] === request.data.channel : reached.length === 0 && typeof result.error.code === 'string';
        },
      );
    },
  },
];

export const FUZZ_TOTAL = FUZZ_TARGETS.reduce((n, t) => n + t.runs, 0);
