import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import fixtures from '../../test/fixtures/scale-frames.json';
import { SCALE_COMMANDS, SCALE_PROTOCOLS, createScaleParser, type ScaleProtocol, type ScaleReading } from './scale';

const enc = (s: string) => Uint8Array.from(s, (c) => c.charCodeAt(0));
const parseAll = (protocol: ScaleProtocol, chunks: string[], unit?: 'kg' | 'lb') => {
  const parser = createScaleParser(protocol, unit ? { unit } : {});
  return chunks.flatMap((c) => parser.push(enc(c)));
};
const near = (readings: ScaleReading[]) => readings.map((r) => (r.kind === 'weight' ? { ...r, grams: Math.round(r.grams * 2) / 2 } : r));

describe('scale parsers: the shared fixtures', () => {
  it.each(fixtures.cases.map((c, i) => [`${i} ${c.protocol} ${JSON.stringify(c.chunks)}`, c] as const))('%s', (_, c) => {
    const got = parseAll(c.protocol as ScaleProtocol, c.chunks, (c as { options?: { unit?: 'kg' } }).options?.unit);
    expect(got).toHaveLength(c.expect.length);
    got.forEach((r, i) => {
      const want = c.expect[i] as ScaleReading;
      if (want.kind === 'weight' && r.kind === 'weight') {
        expect(Math.abs(r.grams - want.grams)).toBeLessThanOrEqual(0.5);
        expect({ ...r, grams: 0 }).toEqual({ ...want, grams: 0 });
      } else expect(r).toEqual(want);
    });
  });
});

/** A valid stream per protocol, and what it must yield. */
const STREAMS: Record<ScaleProtocol, { stream: string; unit?: 'kg'; expect: ScaleReading[] }> = {
  'mt-sics': {
    stream: 'S S      1.234 kg\r\nS D    250 g\r\nS S     -0.020 kg\r\nS +\r\nES\r\nS S      2.5 lb\r\n',
    expect: [
      { kind: 'weight', grams: 1234, stable: true },
      { kind: 'weight', grams: 250, stable: false },
      { kind: 'weight', grams: -20, stable: true },
      { kind: 'status', status: 'overload' },
      { kind: 'status', status: 'error', detail: 'syntax error' },
      { kind: 'weight', grams: 1133.98, stable: true },
    ],
  },
  'toledo-8217': {
    stream: '\x0201.250\r\x02?A\r\x02?B\r\x0200.500N\r\x0202.000KG\r',
    unit: 'kg',
    expect: [
      { kind: 'weight', grams: 1250, stable: true },
      { kind: 'status', status: 'motion' },
      { kind: 'status', status: 'overload' },
      { kind: 'weight', grams: 500, stable: true, net: true },
      { kind: 'weight', grams: 2000, stable: true },
    ],
  },
  nci: {
    stream: '\n0001.25LB\r\n00\r\x03\n0002.50KG\r\n10\r\x03\n02\r\x03\n0000.00LB\r\n20\r\x03', // 02: over capacity; 20: at zero
    expect: [
      { kind: 'weight', grams: 566.99, stable: true },
      { kind: 'weight', grams: 2500, stable: false },
      { kind: 'status', status: 'overload' },
      { kind: 'weight', grams: 0, stable: true },
    ],
  },
  cas: {
    stream: 'ST,GS,+  4.876kg\r\nUS,GS,+  4.870kg\r\nST,NT,+  0.250kg\r\nOL,GS,+  9.999kg\r\nST,GS,- 0.010kg\r\n',
    expect: [
      { kind: 'weight', grams: 4876, stable: true },
      { kind: 'weight', grams: 4870, stable: false },
      { kind: 'weight', grams: 250, stable: true, net: true },
      { kind: 'status', status: 'overload' },
      { kind: 'weight', grams: -10, stable: true },
    ],
  },
  adam: {
    stream: '+   1.234 kg\r\n   12.50 g\r\nUS,GS,+  0.300kg\r\n-   0.005 kg\r\n',
    expect: [
      { kind: 'weight', grams: 1234, stable: true },
      { kind: 'weight', grams: 12.5, stable: true },
      { kind: 'weight', grams: 300, stable: false },
      { kind: 'weight', grams: -5, stable: true },
    ],
  },
};

describe.each(SCALE_PROTOCOLS)('%s', (protocol) => {
  const { stream, unit, expect: expected } = STREAMS[protocol];

  it('reads a stream of frames in one chunk', () => {
    expect(parseAll(protocol, [stream], unit)).toEqual(expected);
  });

  it('any split of a valid stream yields the same readings', () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.integer({ min: 1, max: stream.length - 1 }), { maxLength: 20 }), (cuts) => {
        const points = [0, ...[...cuts].sort((a, b) => a - b), stream.length];
        const chunks = points.slice(1).map((end, i) => stream.slice(points[i], end));
        expect(parseAll(protocol, chunks, unit)).toEqual(expected);
      }),
      { numRuns: 300 },
    );
  });

  it('skips noise between frames and resyncs on the next one', () => {
    const noise = protocol === 'nci' || protocol === 'toledo-8217' ? 'zz#@!' : 'zz#@!\r\n~~~\r\n';
    const [first, ...rest] = expected;
    const frames = stream;
    const got = parseAll(protocol, [noise, frames.slice(0, Math.floor(frames.length / 2)), frames.slice(Math.floor(frames.length / 2)), noise], unit);
    expect(near(got)).toEqual(near([first!, ...rest]));
  });

  it('never throws on random bytes', () => {
    fc.assert(
      fc.property(fc.array(fc.uint8Array({ maxLength: 64 }), { maxLength: 10 }), (chunks) => {
        const parser = createScaleParser(protocol);
        for (const c of chunks) for (const r of parser.push(c)) expect(['weight', 'status']).toContain(r.kind);
      }),
      { numRuns: 300 },
    );
  });

  it('knows what to send: weight request, zero, tare, probe and line settings', () => {
    const cmd = SCALE_COMMANDS[protocol];
    expect(cmd.line.baudRate).toBeGreaterThan(0);
    if (protocol === 'cas') expect(cmd.requestWeight).toBeNull();
    else expect(cmd.probe).not.toBeNull();
  });
});

describe('recognisably broken frames are errors, not silence', () => {
  it.each([
    ['mt-sics', 'S S     12.3.4 kg\r\n'],
    ['mt-sics', 'S S     12.34 stone\r\n'],
    ['toledo-8217', '\x0201.2x0\r'],
    ['nci', '\n00x1.25LB\r\n00\r\x03'],
    ['cas', 'ST,GS,+  4.8#6kg\r\n'],
    ['adam', '+  1.2.3 kg\r\n'],
  ] as const)('%s %j', (protocol, frame) => {
    expect(parseAll(protocol, [frame])).toEqual([{ kind: 'status', status: 'error', detail: expect.stringContaining('unreadable frame') }]);
  });

  it('scale error states are reported as such', () => {
    expect(parseAll('nci', ['\n0001.00LB\r\n40\r\x03'])).toEqual([{ kind: 'status', status: 'error', detail: 'status 40' }]);
    expect(parseAll('mt-sics', ['EL\r\n'])).toEqual([{ kind: 'status', status: 'error', detail: 'logical error' }]);
  });

  it('a 7E1 scale read through an 8N1 port (parity bit set) still parses', () => {
    const withParity = Uint8Array.from('\x0201.250\r', (c) => c.charCodeAt(0) | 0x80);
    expect(createScaleParser('toledo-8217', { unit: 'kg' }).push(withParity)).toEqual([{ kind: 'weight', grams: 1250, stable: true }]);
  });
});
