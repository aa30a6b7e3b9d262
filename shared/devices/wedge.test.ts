import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createWedgeDetector, DEFAULT_WEDGE_SETTINGS, type WedgeDecision, type WedgeSettings } from './wedge';

/** Feeds keys `gap` ms apart (then the suffix) and collects what reached the page and what was scanned. */
function feed(keys: { key: string; ctrlKey?: boolean; at: number }[], tickAt?: number, settings: Partial<WedgeSettings> = {}) {
  const d = createWedgeDetector({ ...DEFAULT_WEDGE_SETTINGS, ...settings });
  let typed = '';
  const scans: string[] = [];
  const passed: string[] = [];
  const apply = (r: WedgeDecision, key?: string) => {
    if (r.release) typed += r.release;
    if (r.scan) scans.push(r.scan);
    if (key && !r.consume) {
      if (key.length === 1) typed += key;
      else passed.push(key);
    }
  };
  for (const k of keys) apply(d.push({ key: k.key, ctrlKey: k.ctrlKey ?? false, timeStamp: k.at }), k.key);
  if (tickAt !== undefined) apply(d.tick(tickAt));
  return { typed, scans, passed };
}
const burst = (text: string, start = 0, gap = 8, suffix = 'Enter') => [
  ...[...text].map((key, i) => ({ key, at: start + i * gap })),
  { key: suffix, at: start + text.length * gap },
];
const typing = (text: string, start = 0, gap = 140) => [...text].map((key, i) => ({ key, at: start + i * gap }));

describe('keyboard wedge detector', () => {
  it('a fast burst ended by Enter is a scan, and nothing reaches the page', () => {
    expect(feed(burst('4006381333931'))).toEqual({ typed: '', scans: ['4006381333931'], passed: [] });
  });

  it('Tab ends a scan too', () => {
    expect(feed(burst('RMA-2026A0001', 0, 8, 'Tab')).scans).toEqual(['RMA-2026A0001']);
  });

  it('Ctrl+] inside a burst is GS (FNC1)', () => {
    const keys = [...burst('0109501101530003', 0).slice(0, -1), { key: ']', ctrlKey: true, at: 130 }, ...burst('21XYZ', 138)];
    expect(feed(keys).scans).toEqual(['0109501101530003\u001d21XYZ']);
  });

  it('a person typing slowly gets every character, in order, and Enter goes through', () => {
    const keys = [...typing('Dock 3'), { key: 'Enter', at: 6 * 140 }];
    expect(feed(keys)).toEqual({ typed: 'Dock 3', scans: [], passed: ['Enter'] });
  });

  it('a short fast burst (fewer than minLength keys) is typing, not a scan', () => {
    expect(feed(burst('ab'))).toEqual({ typed: 'ab', scans: [], passed: ['Enter'] });
  });

  it('one typed character is released when the pause says it was typed', () => {
    expect(feed([{ key: 'x', at: 0 }], 100)).toEqual({ typed: 'x', scans: [], passed: [] });
  });

  it('typing, then a scan, then typing: each goes where it belongs', () => {
    const keys = [...typing('ab', 0), ...burst('6901234567892', 1000), ...typing('cd', 2000)];
    expect(feed(keys, 3000)).toEqual({ typed: 'abcd', scans: ['6901234567892'], passed: [] });
  });

  it('a burst with one slow gap inside is not trusted as a scan', () => {
    const keys = [...burst('1234', 0).slice(0, -1), { key: '5', at: 200 }, { key: 'Enter', at: 208 }];
    expect(feed(keys)).toEqual({ typed: '12345', scans: [], passed: ['Enter'] });
  });

  it('Backspace and arrows release held keys first, then act', () => {
    expect(
      feed([
        { key: 'a', at: 0 },
        { key: 'Backspace', at: 10 },
      ]),
    ).toEqual({ typed: 'a', scans: [], passed: ['Backspace'] });
  });

  it('never loses or duplicates a typed character, whatever the timing', () => {
    fc.assert(
      fc.property(fc.array(fc.record({ key: fc.constantFrom('a', 'b', '1', '2', ' '), gap: fc.integer({ min: 1, max: 300 }) }), { maxLength: 40 }), (keys) => {
        let at = 0;
        const timed = keys.map((k) => ({ key: k.key, at: (at += k.gap) }));
        const r = feed(timed, at + 1000);
        expect(r.typed + r.scans.join('')).toBe(keys.map((k) => k.key).join(''));
      }),
      { numRuns: 500 },
    );
  });
});

describe('keyboard wedge detector: scanners recognised by content, whatever the load', () => {
  const slowBurst = (text: string, start = 0, gap = 250) => [
    ...[...text].map((key, i) => ({ key, at: start + i * gap })),
    { key: 'Enter', at: start + text.length * gap },
  ];

  it('a configured prefix makes a slow burst (a busy machine) a scan, with the prefix stripped', () => {
    expect(feed(slowBurst('~BADGE-C001'), undefined, { prefix: '~' })).toEqual({ typed: '', scans: ['BADGE-C001'], passed: [] });
  });

  it('a prefix of several characters, with a pause inside the prefix itself', () => {
    expect(feed(slowBurst('##6901234567892', 0, 400), undefined, { prefix: '##' }).scans).toEqual(['6901234567892']);
  });

  it('AIM symbology identifiers start a scan by content, and are kept for the classifier', () => {
    expect(feed(slowBurst(']E06901234567892'), undefined, { aimIds: true })).toEqual({ typed: '', scans: [']E06901234567892'], passed: [] });
  });

  it('with a prefix configured, a fast burst without it is still a scan (timing is the fallback)', () => {
    expect(feed(burst('6901234567892'), undefined, { prefix: '~' }).scans).toEqual(['6901234567892']);
  });

  it('slow typing without the prefix stays typing', () => {
    expect(feed([...typing('Dock 3'), { key: 'Enter', at: 6 * 140 }], undefined, { prefix: '~', aimIds: true })).toEqual({
      typed: 'Dock 3',
      scans: [],
      passed: ['Enter'],
    });
  });

  it('a person typing "]" or the prefix and then something else gets every character back', () => {
    expect(feed(typing(']!x'), 2000, { aimIds: true })).toEqual({ typed: ']!x', scans: [], passed: [] });
    expect(feed(typing('~~~'), 5000, { prefix: '~' }).typed + feed(typing('~~~'), 5000, { prefix: '~' }).scans.join('')).toBe('~~~');
  });

  it('a prefixed burst that never ends is given back as typing after contentHoldMs, not held forever', () => {
    expect(feed(typing('~abc'), 2000, { prefix: '~', contentHoldMs: 3000 }).typed).toBe('');
    expect(feed(typing('~abc'), 4000, { prefix: '~', contentHoldMs: 3000 }).typed).toBe('~abc');
  });

  it('the prefix alone then Enter is not an empty scan', () => {
    expect(feed(slowBurst('~'), undefined, { prefix: '~' })).toEqual({ typed: '~', scans: [], passed: ['Enter'] });
  });

  it('never loses or duplicates a key with a prefix and AIM ids configured, whatever the timing', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ key: fc.constantFrom('a', ']', 'E', '0', '~', ' '), gap: fc.integer({ min: 1, max: 400 }) }), { maxLength: 40 }),
        (keys) => {
          let at = 0;
          const timed = keys.map((k) => ({ key: k.key, at: (at += k.gap) }));
          const r = feed(timed, at + 10_000, { prefix: '~', aimIds: true });
          // A scan needs a suffix, and none is fed: everything comes back as typing, in order.
          expect(r.typed).toBe(keys.map((k) => k.key).join(''));
          expect(r.scans).toEqual([]);
        },
      ),
      { numRuns: 500 },
    );
  });
});
