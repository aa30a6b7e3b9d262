import type { ScanResult } from '../../../shared/barcode/classify';

/**
 * What a scan or a key means at the packing bench, from what is in hand — pure, so every case is one line
 * of a table test (bench-intent.test.ts) and the bench's hook only carries intents out. The rhythm: scan a
 * unit's LPN, then the container it goes in.
 */
export interface BenchContext {
  signedIn: boolean;
  /** The unit last scanned and not yet put away. */
  unitInHand: boolean;
  /** The container last scanned, opened or filled: none, open or closed. */
  container: 'none' | 'open' | 'closed';
}

export type BenchInput = { kind: 'scan'; raw: string; scan: ScanResult } | { kind: 'key'; key: string };

export type BenchIntent =
  | { do: 'signInByBadge'; badge: string }
  | { do: 'showUnit'; lpn: string }
  /** The unit in hand goes into this container (or, with none in hand, the container is shown). */
  | { do: 'putIn'; containerId: string }
  | { do: 'showContainer'; containerId: string }
  | { do: 'openContainer' }
  | { do: 'closeContainer' }
  | { do: 'shelfLabel' }
  | { do: 'reprintContainer' }
  | { do: 'takeOut' }
  | { do: 'reopen' }
  | { do: 'clear' }
  | { do: 'badgeOrUnknown'; raw: string }
  | { do: 'refuse'; say: 'signIn.first' | 'bench.scanUnitFirst' | 'bench.scanContainerFirst' | 'bench.containerClosedAlready' }
  | { do: 'nothing' };

function scanIntent(ctx: BenchContext, raw: string, scan: ScanResult): BenchIntent {
  if (!ctx.signedIn) return { do: 'signInByBadge', badge: raw.trim() };
  if (scan.kind === 'lpn') return { do: 'showUnit', lpn: scan.lpn };
  if (scan.kind === 'container') return ctx.unitInHand ? { do: 'putIn', containerId: scan.container } : { do: 'showContainer', containerId: scan.container };
  // A clerk's badge hands the bench over; anything else is no bench code (the hook tells which).
  return { do: 'badgeOrUnknown', raw: raw.trim() };
}

function keyIntent(ctx: BenchContext, key: string): BenchIntent {
  if (key === 'Escape') return { do: 'clear' };
  const k = key.length === 1 ? key.toUpperCase() : key;
  if (!'NCSRXO'.includes(k) || k.length !== 1) return { do: 'nothing' };
  if (!ctx.signedIn) return { do: 'refuse', say: 'signIn.first' };
  switch (k) {
    case 'N':
      return { do: 'openContainer' };
    case 'S':
      return ctx.unitInHand ? { do: 'shelfLabel' } : { do: 'refuse', say: 'bench.scanUnitFirst' };
    case 'X':
      return ctx.unitInHand ? { do: 'takeOut' } : { do: 'refuse', say: 'bench.scanUnitFirst' };
    case 'C':
      if (ctx.container === 'none') return { do: 'refuse', say: 'bench.scanContainerFirst' };
      return ctx.container === 'open' ? { do: 'closeContainer' } : { do: 'refuse', say: 'bench.containerClosedAlready' };
    case 'R':
      return ctx.container === 'none' ? { do: 'refuse', say: 'bench.scanContainerFirst' } : { do: 'reprintContainer' };
    case 'O':
      if (ctx.container === 'none') return { do: 'refuse', say: 'bench.scanContainerFirst' };
      return ctx.container === 'closed' ? { do: 'reopen' } : { do: 'nothing' };
  }
  return { do: 'nothing' };
}

export function benchIntentOf(ctx: BenchContext, input: BenchInput): BenchIntent {
  return input.kind === 'scan' ? scanIntent(ctx, input.raw, input.scan) : keyIntent(ctx, input.key);
}
