import type { ScanResult } from '../../../shared/barcode/classify';
import type { OuterCondition } from '../../../shared/returns';
import { OUTER_CONDITIONS } from '../../../shared/returns';
import type { Step } from './receiving-state';

/**
 * What a scan or a key means at the receiving bench, decided from where the records stand — pure, so every
 * step × input is one line of a table test (intent.test.ts) and the hook only carries intents out.
 */
export interface IntentContext {
  signedIn: boolean;
  step: Step;
  /** The item in hand: none, not yet answered, partly answered, or every check answered. */
  inHand: 'none' | 'unanswered' | 'partly' | 'answered';
  /** The manager's override form is open (its fields take the keys). */
  overriding: boolean;
}

export type ReceiveInput = { kind: 'scan'; raw: string; scan: ScanResult } | { kind: 'key'; key: string };

export type Intent =
  | { do: 'signInByBadge'; badge: string }
  | { do: 'openParcel'; raw: string }
  /** An item scanned while the box's condition shows its default: the clerk says "as it looks", then the item. */
  | { do: 'conditionAsShownThenItem'; raw: string }
  | { do: 'scanItem'; raw: string }
  /** A badge scanned while a checked item waits: a manager's second look at a high-value unit, then it is accepted. */
  | { do: 'secondLook'; badge: string }
  | { do: 'complete'; acceptFirst: boolean }
  | { do: 'allYes' }
  | { do: 'carrierNoted' }
  /** A gift given back under a recycling programme: recorded with the photo just taken, for HQ to award points. */
  | { do: 'recycle' }
  | { do: 'reprintLast' }
  | { do: 'dropItem' }
  | { do: 'condition'; condition: OuterCondition }
  | { do: 'confirmCondition' }
  | { do: 'answer'; value: 'yes' | 'no' | 'na' }
  | { do: 'unanswer' }
  | { do: 'accept' }
  | { do: 'focusCode' }
  | { do: 'openOverride' }
  | { do: 'weighRetry' }
  | { do: 'weighZero' }
  | { do: 'weighTare' }
  | { do: 'weighAgain' }
  | { do: 'photo' }
  | { do: 'refuse'; say: 'signIn.first' | 'receive.finishInspection' | 'receive.notYet' | 'receive.commandNotNow'; command?: string }
  | { do: 'nothing' };

const parcelOpen = (step: Step) => step === 'weigh' || step === 'condition' || step === 'items' || step === 'inspect';
const working = (step: Step) => step === 'condition' || step === 'items' || step === 'inspect';

function scanIntent(ctx: IntentContext, raw: string, scan: ScanResult): Intent {
  if (!ctx.signedIn) return { do: 'signInByBadge', badge: raw.trim() };
  const { step } = ctx;
  if (scan.kind === 'command') {
    const hand = ctx.inHand !== 'none';
    if (scan.command === 'COMPLETE' && (step === 'items' || step === 'inspect'))
      return { do: 'complete', acceptFirst: ctx.inHand === 'partly' || ctx.inHand === 'answered' };
    if (scan.command === 'GRADE-A' && hand) return { do: 'allYes' };
    if (scan.command === 'CARRIER-NOTED' && parcelOpen(step)) return { do: 'carrierNoted' };
    if (scan.command === 'RECYCLE' && (step === 'condition' || step === 'items') && !hand) return { do: 'recycle' };
    if (scan.command === 'REPRINT') return { do: 'reprintLast' };
    if (scan.command === 'CANCEL' && hand) return { do: 'dropItem' };
    return { do: 'refuse', say: 'receive.commandNotNow', command: scan.command };
  }
  if (step === 'parcel') return { do: 'openParcel', raw };
  if (step === 'condition') return { do: 'conditionAsShownThenItem', raw };
  if (step === 'items') return { do: 'scanItem', raw };
  if (step === 'inspect') return ctx.inHand === 'answered' ? { do: 'secondLook', badge: raw.trim() } : { do: 'refuse', say: 'receive.finishInspection' };
  return { do: 'refuse', say: 'receive.notYet' };
}

const ANSWERS: Record<string, 'yes' | 'no' | 'na'> = { '1': 'yes', y: 'yes', '2': 'no', n: 'no', '3': 'na', '0': 'na' };

function keyIntent(ctx: IntentContext, key: string): Intent {
  const { step, overriding } = ctx;
  const k = key.length === 1 ? key.toLowerCase() : key;
  if ((k === '/' || k === 'F2') && step !== 'signin' && step !== 'weigh' && step !== 'loading') return { do: 'focusCode' };
  if (step === 'weigh') return k === 'r' ? { do: 'weighRetry' } : k === 'z' ? { do: 'weighZero' } : k === 't' ? { do: 'weighTare' } : { do: 'nothing' };
  if (!working(step) || overriding) return { do: 'nothing' };
  if (step === 'condition') {
    if (/^[1-6]$/.test(k)) return { do: 'condition', condition: OUTER_CONDITIONS[Number(k) - 1]! };
    if (k === 'Enter') return { do: 'confirmCondition' };
  }
  if (step === 'inspect') {
    const value = ANSWERS[k];
    if (value) return ctx.inHand === 'answered' ? { do: 'nothing' } : { do: 'answer', value };
    if (k === 'Enter') return ctx.inHand === 'answered' ? { do: 'accept' } : { do: 'nothing' };
    if (k === 'o' && ctx.inHand === 'answered') return { do: 'openOverride' };
  }
  if (step === 'items' && k === 'Enter') return { do: 'complete', acceptFirst: false };
  if ((step === 'inspect' || step === 'items') && k === 'Escape') return ctx.inHand === 'none' ? { do: 'nothing' } : { do: 'dropItem' };
  if ((step === 'inspect' || step === 'items') && k === 'Backspace') return ctx.inHand === 'none' ? { do: 'nothing' } : { do: 'unanswer' };
  if ((step === 'condition' || step === 'items') && k === 'w') return { do: 'weighAgain' };
  if (k === 'p') return { do: 'photo' };
  return { do: 'nothing' };
}

export function intentOf(ctx: IntentContext, input: ReceiveInput): Intent {
  return input.kind === 'scan' ? scanIntent(ctx, input.raw, input.scan) : keyIntent(ctx, input.key);
}

/**
 * Keys that record something (a condition, an answer, Enter, Escape, Backspace) wait their turn behind the
 * scans and keys before them and mean what the records say when that turn comes, as scans do: a fast clerk's
 * keys apply in order, to the parcel and item they were typed for, rather than meeting a screen one step
 * behind. The others (focus, the override form, the scale, a photo) act on the screen at once.
 */
export function waitsItsTurn(key: string, screen: Pick<IntentContext, 'step' | 'overriding'>): boolean {
  if (!working(screen.step) || screen.overriding) return false;
  const k = key.length === 1 ? key.toLowerCase() : key;
  return /^[1-6yn0]$/.test(k) || k === 'Enter' || k === 'Escape' || k === 'Backspace';
}

/** How far the item in hand is answered against its checklist (an empty checklist — policy not loaded yet — is never answered). */
export function inHandOf(pending: { answers: Record<string, unknown> } | undefined, checklist: readonly { id: string }[]): IntentContext['inHand'] {
  if (!pending) return 'none';
  if (checklist.length > 0 && checklist.every((c) => pending.answers[c.id] !== undefined)) return 'answered';
  return Object.keys(pending.answers).length > 0 ? 'partly' : 'unanswered';
}
