import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createWedgeDetector, type WedgeDecision } from './wedge';

/** Feeds keys `gap` ms apart (then the suffix) and collects what reached the page and what was scanned. */
function feed(keys: { key: string; ctrlKey?: boolean; at: number }[], tickAt?: number) {
  const d = createWedgeDetector();
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
const burst = (text: string, start = 0, gap = 8, suffix = 'Enter') => [...[...text].map((key, i) => ({ key, at: start + i * gap })), { key: suffix, at: start + text.length * gap }];
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
    expect(feed([{ key: 'a', at: 0 }, { key: 'Backspace', at: 10 }])).toEqual({ typed: 'a', scans: [], passed: ['Backspace'] });
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
