import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MAX_SCAN_LENGTH, checkScanLine } from './scan-line';

describe('checkScanLine', () => {
  it('takes real codes: GTINs, GS1 with GS, AIM ids, Chinese QR content', () => {
    for (const code of ['6901234567892', ']d2010950110153000317251231\u001d10ABC', 'RMA-2026A0001', 'https://例子.cn/退货?id=1'])
      expect(checkScanLine(code)).toEqual({ ok: true, data: code });
  });

  it('refuses control bytes, invalid UTF-8 and lines longer than any barcode', () => {
    expect(checkScanLine('abc\u0000def')).toEqual({ ok: false, why: 'not_printable' });
    expect(checkScanLine('ab\u001bcd')).toEqual({ ok: false, why: 'not_printable' });
    expect(checkScanLine('ab\ufffdcd')).toEqual({ ok: false, why: 'not_printable' });
    expect(checkScanLine('x'.repeat(MAX_SCAN_LENGTH + 1))).toEqual({ ok: false, why: 'too_long' });
  });

  it('random bytes decoded as UTF-8 almost never pass, and whatever passes is bounded and printable', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 2048 }), (bytes) => {
        const v = checkScanLine(new TextDecoder().decode(bytes));
        if (v.ok) expect(v.data.length).toBeLessThanOrEqual(MAX_SCAN_LENGTH);
      }),
    );
  });
});
