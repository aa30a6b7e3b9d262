/** What each scan and key means at the packing bench — the whole table, without a screen. */
import { describe, expect, it } from 'vitest';
import { classifyScan } from '../../../shared/barcode/classify';
import { benchIntentOf, type BenchContext } from './bench-intent';

const ctx = (more: Partial<BenchContext> = {}): BenchContext => ({ signedIn: true, unitInHand: false, container: 'none', ...more });
const scan = (raw: string) => ({ kind: 'scan' as const, raw, scan: classifyScan(raw) });
const key = (k: string) => ({ kind: 'key' as const, key: k });
const LPN = 'LPNAB00000012';
const CTN = 'CTNAB00000003';

describe('the packing bench', () => {
  it('before anyone signs in, a scan is a badge and a key asks for one', () => {
    expect(benchIntentOf(ctx({ signedIn: false }), scan(' BADGE-C002 '))).toEqual({ do: 'signInByBadge', badge: 'BADGE-C002' });
    expect(benchIntentOf(ctx({ signedIn: false }), scan(LPN))).toEqual({ do: 'signInByBadge', badge: LPN });
    expect(benchIntentOf(ctx({ signedIn: false }), key('n'))).toEqual({ do: 'refuse', say: 'signIn.first' });
  });

  it('an LPN is the unit in hand; a container after it is where it goes, without one it is the container shown', () => {
    expect(benchIntentOf(ctx(), scan(LPN))).toEqual({ do: 'showUnit', lpn: LPN });
    expect(benchIntentOf(ctx({ unitInHand: true, container: 'open' }), scan(LPN))).toEqual({ do: 'showUnit', lpn: LPN });
    expect(benchIntentOf(ctx({ unitInHand: true }), scan(CTN))).toEqual({ do: 'putIn', containerId: CTN });
    expect(benchIntentOf(ctx({ container: 'open' }), scan(CTN))).toEqual({ do: 'showContainer', containerId: CTN });
  });

  it('any other code is a badge handing the bench over, or no bench code', () => {
    expect(benchIntentOf(ctx(), scan('BADGE-C001'))).toEqual({ do: 'badgeOrUnknown', raw: 'BADGE-C001' });
    expect(benchIntentOf(ctx({ unitInHand: true }), scan('6901234567892'))).toEqual({ do: 'badgeOrUnknown', raw: '6901234567892' });
    expect(benchIntentOf(ctx(), scan('RMA-2026A0001'))).toEqual({ do: 'badgeOrUnknown', raw: 'RMA-2026A0001' });
  });

  it('keys act on what is in hand, and say what to scan first when nothing is', () => {
    expect(benchIntentOf(ctx(), key('n'))).toEqual({ do: 'openContainer' });
    expect(benchIntentOf(ctx({ unitInHand: true }), key('N'))).toEqual({ do: 'openContainer' });
    expect(benchIntentOf(ctx({ unitInHand: true }), key('s'))).toEqual({ do: 'shelfLabel' });
    expect(benchIntentOf(ctx(), key('s'))).toEqual({ do: 'refuse', say: 'bench.scanUnitFirst' });
    expect(benchIntentOf(ctx({ unitInHand: true }), key('x'))).toEqual({ do: 'takeOut' });
    expect(benchIntentOf(ctx(), key('x'))).toEqual({ do: 'refuse', say: 'bench.scanUnitFirst' });
    expect(benchIntentOf(ctx({ container: 'open' }), key('c'))).toEqual({ do: 'closeContainer' });
    expect(benchIntentOf(ctx({ container: 'closed' }), key('c'))).toEqual({ do: 'refuse', say: 'bench.containerClosedAlready' });
    expect(benchIntentOf(ctx(), key('c'))).toEqual({ do: 'refuse', say: 'bench.scanContainerFirst' });
    expect(benchIntentOf(ctx({ container: 'closed' }), key('r'))).toEqual({ do: 'reprintContainer' });
    expect(benchIntentOf(ctx({ container: 'open' }), key('r'))).toEqual({ do: 'reprintContainer' });
    expect(benchIntentOf(ctx(), key('r'))).toEqual({ do: 'refuse', say: 'bench.scanContainerFirst' });
    expect(benchIntentOf(ctx({ container: 'closed' }), key('o'))).toEqual({ do: 'reopen' });
    expect(benchIntentOf(ctx({ container: 'open' }), key('o'))).toEqual({ do: 'nothing' });
    expect(benchIntentOf(ctx({ unitInHand: true, container: 'open' }), key('Escape'))).toEqual({ do: 'clear' });
    for (const other of ['a', '1', 'Enter', 'F2', 'Backspace'])
      expect(benchIntentOf(ctx({ unitInHand: true, container: 'open' }), key(other))).toEqual({ do: 'nothing' });
  });
});
