import { useLiveQuery } from 'dexie-react-hooks';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { createScanClassifier } from '../../../shared/barcode/classify';
import { checklistFor, evaluateUnit, gradeUnit, matchItemScan, matchParcelScan, routeUnit, verifyPin, type Checklist, type DispositionCode, type ExpectedReturn, type OuterCondition, type Policy } from '../../../shared/returns';
import { useAppServices } from '../../app-services';
import type { ExceptionRow, ParcelRow, PendingItem, RefundRow } from '../../db/station-db';
import { scanBus } from '../../devices/scan-bus';
import { errorMessage } from '../../errors';
import { useStation } from '../../station-context';
import { beep } from './feedback';
import { acceptUnit, addPhoto, completeParcel, findOpenParcel, openParcel, policyFor, recordCondition, recordWeight, savePending } from './receiving';
import { takePhoto } from './camera';
import { unitLabel } from './unit-label';
import { reprintJob } from '../labels/print-jobs';

export type Step = 'loading' | 'signin' | 'parcel' | 'weigh' | 'condition' | 'items' | 'inspect';
export type Flash = { kind: 'ok' | 'error' | 'info'; text: string };

export function stepOf(parcel: ParcelRow | null | undefined): Step {
  if (parcel === undefined) return 'loading';
  if (parcel === null) return 'parcel';
  if (!parcel.weight) return 'weigh';
  if (parcel.status === 'open') return 'condition';
  return parcel.pending ? 'inspect' : 'items';
}

/**
 * The receiving flow's state and actions. Everything a clerk has done is in the station database, and
 * the step is derived from it, so closing the window or a crash resumes exactly where the clerk was.
 */
export function useReceiving() {
  const { t, i18n } = useTranslation();
  const { api, settingsState } = useStation();
  const { db, actor, printWorker, user, signIn } = useAppServices();
  const hasUsers = (useLiveQuery(() => db.users.count(), [db]) ?? 0) > 0;
  const settings = settingsState.settings;
  // Compiled once per set of station code patterns, not on every render.
  const classify = useMemo(() => createScanClassifier(settings.scanning.codes), [settings.scanning.codes]);
  const parcel = useLiveQuery(async () => (await findOpenParcel(db)) ?? null, [db]);
  const expected = useLiveQuery(async () => (parcel?.rmaNo ? ((await db.expectedReturns.get(parcel.rmaNo)) ?? null) : null), [db, parcel?.rmaNo]);
  const units = useLiveQuery(async () => (parcel ? db.units.where('parcelId').equals(parcel.id).toArray() : []), [db, parcel?.id]) ?? [];
  const [policy, setPolicy] = useState<Policy>();
  const [flash, setFlashState] = useState<Flash>();
  const [completed, setCompleted] = useState<{ refund: RefundRow | null; rmaNo?: string; units: number; exceptions: ExceptionRow[] }>();
  const step: Step = user ? stepOf(parcel) : 'signin';
  const scale = settings.devices.find((d) => d.role === 'scale');
  const printer = settings.printers[0];

  const setFlash = useCallback((f: Flash) => {
    setFlashState(f);
    if (f.kind !== 'info') beep(f.kind);
  }, []);
  useEffect(() => void policyFor(db, expected ?? undefined).then(setPolicy), [db, expected]);

  const line = (lineId: string | null) => expected?.lines.find((l) => l.lineId === lineId);
  const checklistOf = (pending: PendingItem): Checklist => {
    const category = line(pending.lineId)?.category ?? 'general';
    // Until the return's policy has loaded there is no checklist to show yet.
    return policy ? checklistFor(policy, category) : [];
  };

  /** Who this customer is in the window the policy watches: their returns this station knows of. */
  const customerReturns = async (e: ExpectedReturn, p: Policy) => {
    const since = new Date(Date.now() - p.risk.frequentReturner.withinDays * 86_400_000).toISOString();
    const all = await db.expectedReturns.filter((r) => r.customer.name === e.customer.name && (e.customer.id === undefined || r.customer.id === e.customer.id) && r.createdAt >= since).count();
    return Math.max(0, all - 1);
  };

  const evaluation = async (p: ParcelRow, pending: PendingItem) => {
    if (!expected || !policy || !pending.lineId) return null;
    const result = evaluateUnit({
      expected,
      lineId: pending.lineId,
      itemMatchesOrder: pending.match !== 'wrong_item',
      answers: pending.answers,
      ...(pending.scan.kind === 'gs1' && pending.scan.expiry ? { expiry: pending.scan.expiry } : {}),
      outerCondition: p.outerCondition,
      receivedAt: new Date().toISOString(),
      customerReturnsInWindow: await customerReturns(expected, policy),
      policy,
    });
    if (!result.ok) throw new Error(result.error.message);
    return result.value;
  };

  const onParcelScan = async (raw: string) => {
    const scan = classify(raw);
    if (scan.kind === 'command' || scan.kind === 'lpn') return setFlash({ kind: 'error', text: t('receive.scanParcelFirst') });
    const code = scan.kind === 'rma' ? scan.rma : scan.kind === 'tracking' ? scan.trackingNumber : raw.trim();
    const candidates = await db.expectedReturns.where('rmaNo').equalsIgnoreCase(code).or('orderNo').equalsIgnoreCase(code).or('trackingNumbers').equalsIgnoreCase(code).toArray();
    const match = matchParcelScan({ raw, scan, candidates });
    if (!match.ok) return setFlash({ kind: 'error', text: match.error.message });
    if (match.value.kind === 'ambiguous') return setFlash({ kind: 'error', text: t('reasons.match.ambiguous', match.value.reasons[0]!.params) });
    setCompleted(undefined);
    await openParcel(db, actor, { raw, scan, match: match.value, stationId: settings.station.id });
    setFlash(match.value.kind === 'matched' ? { kind: 'ok', text: t('reasons.match.byRma', { rmaNo: match.value.rmaNo }) } : { kind: 'error', text: t('receive.blind', { code }) });
  };

  const onItemScan = async (p: ParcelRow, raw: string) => {
    const scan = classify(raw);
    if (!expected) {
      if (scan.kind !== 'gtin' && scan.kind !== 'gs1') return setFlash({ kind: 'error', text: t('reasons.item.notItemCode', { scanKind: scan.kind }) });
      await savePending(db, p.id, { id: crypto.randomUUID(), raw, scan, lineId: null, match: 'unexpected', answers: {} });
      return setFlash({ kind: 'info', text: t('receive.blindItem') });
    }
    const received = await db.units.where('parcelId').equals(p.id).toArray();
    const m = matchItemScan({ scan, expected, received: received.map((u) => ({ expectedLineId: u.expectedLineId, qty: u.qty, ...(u.scan.serial ? { serial: u.scan.serial } : {}), match: u.match })) });
    if (!m.ok) return setFlash({ kind: 'error', text: m.error.message });
    const r = m.value;
    const first = r.reasons[0];
    const text = first ? t(`reasons.${first.key}`, { ...first.params, currency: expected.currency }) : '';
    if (r.kind === 'not_an_item' || r.kind === 'duplicate' || r.kind === 'over') return setFlash({ kind: 'error', text });
    const id = crypto.randomUUID();
    const pending: PendingItem =
      r.kind === 'matched'
        ? { id, raw, scan, lineId: r.lineId, match: r.serialMismatch ? 'serial_mismatch' : 'matched', answers: {} }
        : r.kind === 'wrong_item'
          ? { id, raw, scan, lineId: r.insteadOfLineId, match: 'wrong_item', answers: {} }
          : { id, raw, scan, lineId: null, match: 'unexpected', answers: {} };
    await savePending(db, p.id, pending);
    setFlash({ kind: r.kind === 'matched' && !r.serialMismatch ? 'ok' : 'error', text });
  };

  const accept = async (p: ParcelRow, pending: PendingItem, override?: { by: string; reason: string; disposition: DispositionCode }) => {
    const checklist = checklistOf(pending);
    const graded = gradeUnit({ checklist, answers: pending.answers });
    if (!graded.ok) return setFlash({ kind: 'error', text: graded.error.message });
    if (graded.value.status === 'incomplete') return setFlash({ kind: 'error', text: t('reasons.grade.missingAnswers', graded.value.reasons[0]!.params) });
    const e = await evaluation(p, pending);
    const l = line(pending.lineId);
    const catalogItem = pending.scan.kind === 'gtin' || pending.scan.kind === 'gs1' ? await db.catalog.get((pending.scan.kind === 'gtin' ? pending.scan.gtin : pending.scan.gtin) ?? '') : undefined;
    const name = pending.match === 'wrong_item' ? (catalogItem?.name ?? pending.raw) : (l?.name ?? catalogItem?.name ?? pending.raw);
    const grade = e && e.status === 'decided' ? e.grade : graded.value.grade;
    const decided = e && e.status === 'decided' ? e : null;
    const unit = await acceptUnit(db, actor, {
      parcel: p,
      pending,
      evaluation: decided,
      grade,
      label: (lpn) => unitLabel(t, { lpn, ...(l ? { line: l } : {}), name, ...(p.rmaNo ? { rmaNo: p.rmaNo } : {}), grade, ...(decided ? { disposition: decided.disposition, channel: decided.channel } : {}), stationId: settings.station.id, now: new Date(), locale: i18n.language }),
      ...(printer ? { printerId: printer.id } : {}),
      ...(override && policy ? { override: { ...override, channel: routeUnit(policy, override.disposition, grade) } } : {}),
    });
    printWorker?.wake();
    setFlash({
      kind: unit.acceptance === 'rejected' ? 'error' : 'ok',
      text: t('receive.accepted', { lpn: unit.lpn, grade: unit.grade, where: unit.channel ? t(`vocab.channels.${unit.channel}`) : t('receive.awaitingManager') }) + (printer ? '' : ` ${t('receive.noPrinter')}`),
    });
  };

  const complete = async (p: ParcelRow) => {
    if (p.pending) return setFlash({ kind: 'error', text: t('receive.finishInspection') });
    if (!policy) return;
    const refund = await completeParcel(db, actor, { parcel: p, ...(expected ? { expected } : {}), policy, customerReturnsInWindow: expected ? await customerReturns(expected, policy) : 0 });
    const exceptions = await db.exceptions.where('parcelId').equals(p.id).toArray();
    const unitCount = await db.units.where('parcelId').equals(p.id).count();
    setCompleted({ refund, ...(p.rmaNo ? { rmaNo: p.rmaNo } : {}), units: unitCount, exceptions });
    setFlash(exceptions.length ? { kind: 'error', text: t('receive.completedWithExceptions', { count: exceptions.length }) } : { kind: 'ok', text: t('receive.completed') });
  };

  /**
   * Answers the first unanswered check. Each answer is its own transaction that reads the item as it is
   * now, so keys pressed faster than the screen updates still apply in order, none lost or overwritten.
   */
  const answerNext = (parcelId: string, checklist: Checklist, value: 'yes' | 'no' | 'na') =>
    db.transaction('rw', db.parcels, async () => {
      const p = await db.parcels.get(parcelId);
      const next = p?.pending && checklist.find((c) => p.pending!.answers[c.id] === undefined);
      if (p?.pending && next) await db.parcels.put({ ...p, pending: { ...p.pending, answers: { ...p.pending.answers, [next.id]: value } } });
    });
  /** Takes back the last answer given (Backspace). */
  const unanswerLast = (parcelId: string, checklist: Checklist) =>
    db.transaction('rw', db.parcels, async () => {
      const p = await db.parcels.get(parcelId);
      const last = p?.pending && [...checklist].reverse().find((c) => p.pending!.answers[c.id] !== undefined);
      if (!p?.pending || !last) return;
      const { [last.id]: _dropped, ...answers } = p.pending.answers;
      await db.parcels.put({ ...p, pending: { ...p.pending, answers } });
    });
  const allYes = async (p: ParcelRow, pending: PendingItem) => {
    const answers = Object.fromEntries(checklistOf(pending).map((c) => [c.id, 'yes' as const]));
    const next = { ...pending, answers };
    await savePending(db, p.id, next);
    await accept(p, next);
  };

  // Scans: what they mean depends on the step. They are handled one at a time, each against the state
  // in the database at that moment (not what the screen last showed), so fast scans never race.
  const handlers = useRef({ onParcelScan, onItemScan, accept, complete, allYes });
  handlers.current = { onParcelScan, onItemScan, accept, complete, allYes };
  const queue = useRef<Promise<unknown>>(Promise.resolve());
  const userRef = useRef(user);
  userRef.current = user;
  useEffect(
    () =>
      scanBus.subscribe((s) => {
        const handle = async () => {
          if (!userRef.current) {
            const badge = await db.users.where('badge').equals(s.data.trim()).first();
            if (!badge) return setFlash({ kind: 'error', text: t('signIn.first') });
            signIn(badge);
            return setFlash({ kind: 'ok', text: t('signIn.welcome', { name: badge.name }) });
          }
          const p = (await findOpenParcel(db)) ?? null;
          const st = stepOf(p);
          const pending = p?.pending;
          const scan = classify(s.data);
          if (scan.kind === 'command') {
            if (scan.command === 'COMPLETE' && p && (st === 'items' || st === 'inspect')) {
              if (pending && Object.keys(pending.answers).length > 0) await handlers.current.accept(p, pending);
              const fresh = await findOpenParcel(db);
              return fresh && handlers.current.complete(fresh);
            }
            if (scan.command === 'GRADE-A' && p && pending) return handlers.current.allYes(p, pending);
            if (scan.command === 'REPRINT') {
              // The label of the unit received last on this station, printed again.
              const last = (await db.units.orderBy('inspectedAt').last()) ?? undefined;
              if (!last?.labelJobId) return setFlash({ kind: 'error', text: t('receive.nothingToReprint') });
              await reprintJob(db, actor, last.labelJobId);
              printWorker?.wake();
              return setFlash({ kind: 'ok', text: t('labels.reprinted', { code: last.lpn }) });
            }
            if (scan.command === 'CANCEL' && p && pending) return savePending(db, p.id, undefined).then(() => setFlash({ kind: 'info', text: t('receive.itemCancelled') }));
            return setFlash({ kind: 'error', text: t('receive.commandNotNow', { command: scan.command }) });
          }
          if (st === 'parcel') return handlers.current.onParcelScan(s.data);
          if (st === 'items' && p) return handlers.current.onItemScan(p, s.data);
          if (st === 'inspect') return setFlash({ kind: 'error', text: t('receive.finishInspection') });
          return setFlash({ kind: 'error', text: t('receive.notYet') });
        };
        queue.current = queue.current.then(handle).catch((err) => setFlash({ kind: 'error', text: errorMessage(t, err) }));
      }),
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [db, settings.scanning.codes],
  );

  // Weighing: as soon as a parcel is open, the scale is asked for a stable weight.
  const [weighing, setWeighing] = useState<{ state: 'capturing' | 'failed'; message?: string }>();
  const capture = useCallback(async () => {
    if (!parcel || parcel.weight || !scale) return;
    setWeighing({ state: 'capturing' });
    try {
      const { grams } = await api.scaleCapture({ id: scale.id, timeoutMs: 8000 });
      await recordWeight(db, actor, parcel.id, { grams: Math.round(grams), stable: true, source: 'scale', scaleId: scale.id });
      setWeighing(undefined);
    } catch (err) {
      setWeighing({ state: 'failed', message: errorMessage(t, err) });
      beep('error');
    }
  }, [parcel, scale, api, db, actor, t]);
  useEffect(() => {
    if (step === 'weigh' && scale && !weighing) void capture();
    if (step !== 'weigh' && weighing) setWeighing(undefined);
  }, [step, scale, weighing, capture]);
  const manualWeight = (grams: number, reason: string) => parcel && recordWeight(db, actor, parcel.id, { grams, stable: false, source: 'manual', manualReason: reason });

  /** A manager's PIN allows deciding otherwise than the rules; the reason is kept with the unit. */
  const overrideWithPin = async (p: ParcelRow, pending: PendingItem, input: { disposition: DispositionCode; reason: string; pin: string }) => {
    const managers = await db.users.filter((u) => u.role === 'manager').toArray();
    const manager = managers.find((m) => m.pin && verifyPin(input.pin, m.pin));
    if (!manager) return setFlash({ kind: 'error', text: t('override.wrongPin') });
    await accept(p, pending, { by: manager.id, reason: input.reason, disposition: input.disposition });
  };

  /** P: a photo of the parcel (condition, items) or of the item in hand (inspection). */
  const photo = async () => {
    const p = await findOpenParcel(db);
    if (!p) return;
    try {
      setFlash({ kind: 'info', text: t('photos.taking') });
      await addPhoto(db, actor, p.id, await takePhoto());
      setFlash({ kind: 'ok', text: t('photos.taken') });
    } catch (err) {
      setFlash({ kind: 'error', text: t('photos.failed', { message: errorMessage(t, err) }) });
    }
  };

  return {
    step,
    photo,
    hasUsers,
    user,
    overrideWithPin,
    parcel,
    expected,
    units,
    policy,
    flash,
    completed,
    scale,
    printer,
    weighing,
    capture,
    manualWeight,
    checklistOf,
    setCondition: (c: OuterCondition) => parcel && recordCondition(db, actor, parcel.id, c),
    answerNext,
    unanswerLast,
    accept,
    complete,
    cancelItem: () => parcel && savePending(db, parcel.id, undefined),
    evaluation,
  };
}
export type Receiving = ReturnType<typeof useReceiving>;
