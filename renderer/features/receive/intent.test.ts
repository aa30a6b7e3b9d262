/**
 * What each scan and key means at each step of receiving — the whole table, without a screen: the hook
 * only carries these out (in turn, against the records), so this is where the bench's behaviour is read.
 */
import { describe, expect, it } from 'vitest';
import { classifyScan } from '../../../shared/barcode/classify';
import { inHandOf, intentOf, waitsItsTurn, type IntentContext } from './intent';

const ctx = (step: IntentContext['step'], more: Partial<IntentContext> = {}): IntentContext => ({
  signedIn: true,
  step,
  inHand: step === 'inspect' ? 'unanswered' : 'none',
  overriding: false,
  ...more,
});
const scan = (raw: string) => ({ kind: 'scan' as const, raw, scan: classifyScan(raw) });
const key = (k: string) => ({ kind: 'key' as const, key: k });
const ITEM = '6901234567892';
const RMA = 'RMA-2026A0001';

describe('scans', () => {
  it('before anyone signs in, any scan is a badge', () => {
    expect(intentOf(ctx('signin', { signedIn: false }), scan(' B-0007 '))).toEqual({ do: 'signInByBadge', badge: 'B-0007' });
    expect(intentOf(ctx('parcel', { signedIn: false }), scan(ITEM))).toEqual({ do: 'signInByBadge', badge: ITEM });
  });

  it('a code opens a parcel, is an item, or waits for the step it belongs to', () => {
    expect(intentOf(ctx('parcel'), scan(RMA))).toEqual({ do: 'openParcel', raw: RMA });
    expect(intentOf(ctx('weigh'), scan(ITEM))).toEqual({ do: 'refuse', say: 'receive.notYet' });
    expect(intentOf(ctx('items'), scan(ITEM))).toEqual({ do: 'scanItem', raw: ITEM });
    expect(intentOf(ctx('items'), scan(RMA))).toEqual({ do: 'scanItem', raw: RMA });
    expect(intentOf(ctx('inspect'), scan(ITEM))).toEqual({ do: 'refuse', say: 'receive.finishInspection' });
    // Once every check is answered, a scan is a manager's badge: the second look at a high-value unit.
    expect(intentOf(ctx('inspect', { inHand: 'answered' }), scan('BADGE-M001'))).toEqual({ do: 'secondLook', badge: 'BADGE-M001' });
  });

  it('an item scanned while the box shows its usual condition is "as it looks" and then the item: no key needed', () => {
    expect(intentOf(ctx('condition'), scan(ITEM))).toEqual({ do: 'conditionAsShownThenItem', raw: ITEM });
  });

  it('commands mean something only where they apply', () => {
    const cmd = (c: string) => scan(`#CMD:${c}`);
    expect(intentOf(ctx('items'), cmd('COMPLETE'))).toEqual({ do: 'complete', acceptFirst: false });
    expect(intentOf(ctx('inspect', { inHand: 'partly' }), cmd('COMPLETE'))).toEqual({ do: 'complete', acceptFirst: true });
    expect(intentOf(ctx('inspect', { inHand: 'unanswered' }), cmd('COMPLETE'))).toEqual({ do: 'complete', acceptFirst: false });
    expect(intentOf(ctx('parcel'), cmd('COMPLETE'))).toEqual({ do: 'refuse', say: 'receive.commandNotNow', command: 'COMPLETE' });
    expect(intentOf(ctx('inspect'), cmd('GRADE-A'))).toEqual({ do: 'allYes' });
    expect(intentOf(ctx('items'), cmd('GRADE-A'))).toEqual({ do: 'refuse', say: 'receive.commandNotNow', command: 'GRADE-A' });
    expect(intentOf(ctx('weigh'), cmd('CARRIER-NOTED'))).toEqual({ do: 'carrierNoted' });
    expect(intentOf(ctx('parcel'), cmd('CARRIER-NOTED'))).toMatchObject({ do: 'refuse' });
    expect(intentOf(ctx('parcel'), cmd('REPRINT'))).toEqual({ do: 'reprintLast' });
    expect(intentOf(ctx('inspect'), cmd('CANCEL'))).toEqual({ do: 'dropItem' });
    expect(intentOf(ctx('items'), cmd('CANCEL'))).toMatchObject({ do: 'refuse' });
  });
});

describe('keys', () => {
  it('the box: 1–6 choose its condition, Enter takes the one shown', () => {
    expect(intentOf(ctx('condition'), key('1'))).toEqual({ do: 'condition', condition: 'intact' });
    expect(intentOf(ctx('condition'), key('6'))).toMatchObject({ do: 'condition' });
    expect(intentOf(ctx('condition'), key('7'))).toEqual({ do: 'nothing' });
    expect(intentOf(ctx('condition'), key('Enter'))).toEqual({ do: 'confirmCondition' });
  });

  it('the item: 1/Y, 2/N, 3/0 answer; Backspace takes one back; Enter accepts once all is answered; O opens the override; Escape puts it aside', () => {
    const inspect = ctx('inspect', { inHand: 'partly' });
    expect(intentOf(inspect, key('y'))).toEqual({ do: 'answer', value: 'yes' });
    expect(intentOf(inspect, key('N'))).toEqual({ do: 'answer', value: 'no' });
    expect(intentOf(inspect, key('0'))).toEqual({ do: 'answer', value: 'na' });
    expect(intentOf(inspect, key('Enter'))).toEqual({ do: 'nothing' });
    expect(intentOf(inspect, key('o'))).toEqual({ do: 'nothing' });
    expect(intentOf(inspect, key('Backspace'))).toEqual({ do: 'unanswer' });
    expect(intentOf(inspect, key('Escape'))).toEqual({ do: 'dropItem' });
    const answered = ctx('inspect', { inHand: 'answered' });
    expect(intentOf(answered, key('Enter'))).toEqual({ do: 'accept' });
    expect(intentOf(answered, key('o'))).toEqual({ do: 'openOverride' });
    expect(intentOf(answered, key('1'))).toEqual({ do: 'nothing' });
  });

  it('while the override form is open its fields take the keys', () => {
    const open = ctx('inspect', { inHand: 'answered', overriding: true });
    for (const k of ['Enter', '1', 'p', 'Escape']) expect(intentOf(open, key(k))).toEqual({ do: 'nothing' });
    expect(waitsItsTurn('Enter', open)).toBe(false);
  });

  it('Enter on the items step completes the parcel; W weighs again; P takes a photo; / or F2 types a code', () => {
    expect(intentOf(ctx('items'), key('Enter'))).toEqual({ do: 'complete', acceptFirst: false });
    expect(intentOf(ctx('items'), key('w'))).toEqual({ do: 'weighAgain' });
    expect(intentOf(ctx('inspect'), key('w'))).toEqual({ do: 'nothing' });
    expect(intentOf(ctx('condition'), key('p'))).toEqual({ do: 'photo' });
    expect(intentOf(ctx('inspect'), key('p'))).toEqual({ do: 'photo' });
    expect(intentOf(ctx('parcel'), key('/'))).toEqual({ do: 'focusCode' });
    expect(intentOf(ctx('items'), key('F2'))).toEqual({ do: 'focusCode' });
    expect(intentOf(ctx('weigh'), key('/'))).toEqual({ do: 'nothing' });
  });

  it('the scale step: R reads again, Z zeroes, T tares; nothing else', () => {
    expect(intentOf(ctx('weigh'), key('r'))).toEqual({ do: 'weighRetry' });
    expect(intentOf(ctx('weigh'), key('Z'))).toEqual({ do: 'weighZero' });
    expect(intentOf(ctx('weigh'), key('t'))).toEqual({ do: 'weighTare' });
    expect(intentOf(ctx('weigh'), key('1'))).toEqual({ do: 'nothing' });
  });

  it('keys that record wait their turn behind the scans; the others act on the screen at once', () => {
    for (const k of ['1', 'y', 'n', '0', 'Enter', 'Escape', 'Backspace']) expect(waitsItsTurn(k, ctx('items')), k).toBe(true);
    for (const k of ['p', 'w', '/', 'o', 'F2']) expect(waitsItsTurn(k, ctx('items')), k).toBe(false);
    expect(waitsItsTurn('1', ctx('parcel'))).toBe(false);
    expect(waitsItsTurn('r', ctx('weigh'))).toBe(false);
  });
});

describe('how far the item in hand is answered', () => {
  const checklist = [{ id: 'tags' }, { id: 'used' }];
  it('none, unanswered, partly, answered — and never answered against a checklist not loaded yet', () => {
    expect(inHandOf(undefined, checklist)).toBe('none');
    expect(inHandOf({ answers: {} }, checklist)).toBe('unanswered');
    expect(inHandOf({ answers: { tags: 'yes' } }, checklist)).toBe('partly');
    expect(inHandOf({ answers: { tags: 'yes', used: 'no' } }, checklist)).toBe('answered');
    expect(inHandOf({ answers: {} }, [])).toBe('unanswered');
  });
});

describe('recycling', () => {
  it('#CMD:RECYCLE records a gift given back for points while the parcel is open and nothing is in hand', () => {
    expect(intentOf(ctx('items'), scan('#CMD:RECYCLE'))).toEqual({ do: 'recycle' });
    expect(intentOf(ctx('condition'), scan('#CMD:RECYCLE'))).toEqual({ do: 'recycle' });
    expect(intentOf(ctx('inspect'), scan('#CMD:RECYCLE'))).toEqual({ do: 'refuse', say: 'receive.commandNotNow', command: 'RECYCLE' });
    expect(intentOf(ctx('parcel'), scan('#CMD:RECYCLE'))).toEqual({ do: 'refuse', say: 'receive.commandNotNow', command: 'RECYCLE' });
  });
});
