import type { TFunction } from 'i18next';
import { useLiveQuery } from 'dexie-react-hooks';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useStorage } from '../../shell/use-storage';
import { createScanClassifier } from '../../../shared/barcode/classify';
import { StationError } from '../../../shared/errors';
import { OUTER_CONDITIONS, bestMatch, checklistFor, knownAnswers, gradeUnit, matchItemScan, matchParcelScan, missingPhotoEvidence, type AcceptanceState, type Checklist, type DispositionCode, type ExpectedReturn, type FaultParty, type ItemMatch, type Policy, type Reason } from '../../../shared/returns';
import { useAppServices } from '../../app-services';
import type { ParcelRow, PendingItem, StationDb } from '../../db/station-db';
import { scanBus } from '../../devices/scan-bus';
import { errorMessage } from '../../errors';
import { acceptUnit, addPhoto, decideItem, addReturnToParcel, answerNext as answerNextIn, clearWeight, completeParcel, dropItem, findOpenParcel, openParcel, policyFor, recordCarrierNoted, recordCondition, recordWeight, reprintJob, returnsOfParcel, startItem, unanswerLast as unanswerLastIn, unitsOfReturn, updateItem } from '../../ledger';
import { useStation } from '../../station-context';
import { takePhoto } from './camera';
import { beep } from './feedback';
import { unitLabel } from './unit-label';
import { managerByPin, pinErrorText } from '../manager/pin-guard';
import { NO_POLICIES, NO_RETURNS, stepOf, type Completed, type Flash, type PolicyOf, type Step } from './receiving-state';
import { useWeighing } from './use-weighing';

export { stepOf, type Completed, type Flash, type Step } from './receiving-state';


/**
 * The receiving flow's state and actions. Everything a clerk has done is in the station's ledger, and
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
  const rmaKey = parcel?.rmaNos.join('|') ?? '';
  const returns = useLiveQuery(async () => (parcel ? returnsOfParcel(db, parcel) : NO_RETURNS), [db, parcel?.id, rmaKey]) ?? NO_RETURNS;
  const units = useLiveQuery(async () => (parcel ? db.units.where('parcelId').equals(parcel.id).toArray() : []), [db, parcel?.id]) ?? [];
  // Units of the parcel's returns from every parcel: a line's progress counts what came before too.
  const returnUnits = useLiveQuery(async () => (parcel ? (await Promise.all(parcel.rmaNos.map((r) => unitsOfReturn(db, r)))).flat() : []), [db, parcel?.id, rmaKey, units.length]) ?? [];
  const [policies, setPolicies] = useState<PolicyOf>(NO_POLICIES);
  const [defaultPolicy, setDefaultPolicy] = useState<Policy>();
  const [flash, setFlashState] = useState<Flash>();
  const [completed, setCompleted] = useState<Completed>();
  const [emptyAsked, setEmptyAsked] = useState<string>();
  const step: Step = user ? stepOf(parcel) : 'signin';
  const scale = settings.devices.find((d) => d.role === 'scale');
  const printer = settings.printers[0];
  const weighing = useWeighing(parcel, scale);
  const storage = useStorage();
  // The updater restarts the station only when no parcel is open (and nobody is at the keys).
  const busy = step !== 'parcel' && step !== 'signin';
  useEffect(() => void api.stationActivity({ busy }).catch(() => undefined), [api, busy, parcel?.pending?.id, units.length]);

  const setFlash = useCallback((f: Flash) => {
    setFlashState(f);
    if (f.kind !== 'info') beep(f.kind);
  }, []);
  // A switch of language words the banner again; a service's own explanation (one language only) is cleared rather than mixing two.
  useEffect(() => setFlashState((f) => (f && typeof f.text === 'function' ? f : undefined)), [i18n.language]);
  useEffect(() => void policyFor(db).then(setDefaultPolicy).catch(() => undefined), [db]);
  useEffect(() => {
    let live = true;
    void Promise.all(returns.map(async (r) => [r.rmaNo, await policyFor(db, r).catch((err: StationError) => err)] as const)).then((pairs) => {
      if (live) setPolicies(pairs.length === 0 ? NO_POLICIES : Object.fromEntries(pairs));
    });
    return () => {
      live = false;
    };
  }, [db, returns]);

  const returnOf = (rmaNo: string | null | undefined) => returns.find((r) => r.rmaNo === rmaNo);
  const policyOf = (rmaNo: string | null | undefined): Policy | undefined => {
    const p = rmaNo ? policies[rmaNo] : defaultPolicy;
    return p instanceof StationError ? undefined : (p ?? (rmaNo ? undefined : defaultPolicy));
  };
  const lineOf = (pending: PendingItem) => returnOf(pending.rmaNo)?.lines.find((l) => l.lineId === pending.lineId);
  const checklistOf = (pending: PendingItem): Checklist => {
    const policy = policyOf(pending.rmaNo) ?? defaultPolicy;
    // Until the policy has loaded there is no checklist to show yet.
    return policy ? checklistFor(policy, lineOf(pending)?.category ?? 'general') : [];
  };

  /** The rules' decision for the item in hand, as the ledger will record it (read only). */
  const evaluation = async (p: ParcelRow, pending: PendingItem) => {
    const stored = (await db.parcels.get(p.id)) ?? p;
    return (await decideItem(db, stored, stored.pending?.id === pending.id ? stored.pending : pending, new Date())).evaluation;
  };

  /** Finds the expected returns a code names: by RMA, tracking or order number. */
  const returnsNamedBy = async (raw: string) => {
    const scan = classify(raw);
    const code = scan.kind === 'rma' ? scan.rma : scan.kind === 'tracking' ? scan.trackingNumber : raw.trim();
    const candidates = await db.expectedReturns.where('rmaNo').equalsIgnoreCase(code).or('orderNo').equalsIgnoreCase(code).or('trackingNumbers').equalsIgnoreCase(code).toArray();
    return { scan, code, match: matchParcelScan({ raw, scan, candidates }) };
  };

  const onParcelScan = async (raw: string) => {
    const { scan, code, match } = await returnsNamedBy(raw);
    if (scan.kind === 'command' || scan.kind === 'lpn') return setFlash({ kind: 'error', text: (t) => t('receive.scanParcelFirst') });
    // No new parcel when the station could not store it: what is open can still be finished and synced.
    if (storage.level === 'full') return setFlash({ kind: 'error', text: (t) => t('storage.fullBlocked') });
    if (!match.ok) return setFlash({ kind: 'error', text: match.error.message });
    if (match.value.kind === 'ambiguous') return setFlash({ kind: 'error', text: (t) => t('reasons.match.ambiguous', match.value.reasons[0]!.params) });
    setCompleted(undefined);
    await openParcel(db, actor, { raw, scan, match: match.value, stationId: settings.station.id });
    const said = match.value.reasons[0];
    setFlash(match.value.kind === 'matched' && said ? { kind: 'ok', text: (t) => t(`reasons.${said.key}`, said.params) } : { kind: 'error', text: (t) => t('receive.blind', { code }) });
  };

  const onItemScan = async (p: ParcelRow, raw: string) => {
    const scan = classify(raw);
    // Another return's slip or label inside this parcel: its items are in the box too.
    if (scan.kind === 'rma' || scan.kind === 'tracking' || (scan.kind !== 'gtin' && scan.kind !== 'gs1')) {
      const named = await returnsNamedBy(raw);
      if (named.match.ok && named.match.value.kind === 'matched') {
        const rmaNo = named.match.value.rmaNo;
        if (p.rmaNos.includes(rmaNo)) return setFlash({ kind: 'info', text: (t) => t('receive.returnAlreadyHere', { rmaNo }) });
        await addReturnToParcel(db, actor, { parcelId: p.id, rmaNo, raw });
        return setFlash({ kind: 'ok', text: (t) => t('receive.returnAdded', { rmaNo }) });
      }
    }
    const id = crypto.randomUUID();
    if (returns.length === 0) {
      if (scan.kind !== 'gtin' && scan.kind !== 'gs1') return setFlash({ kind: 'error', text: (t) => t('reasons.item.notItemCode', { scanKind: scan.kind }) });
      await startItem(db, p.id, { id, rmaNo: null, raw, scan, lineId: null, match: 'unexpected', answers: {} });
      return setFlash({ kind: 'info', text: (t) => t('receive.blindItem') });
    }
    const results: { rmaNo: string; match: ItemMatch }[] = [];
    for (const r of returns) {
      const received = await unitsOfReturn(db, r.rmaNo);
      const m = matchItemScan({ scan, expected: r, received: received.map((u) => ({ expectedLineId: u.expectedLineId, qty: u.qty, ...(u.scan.serial ? { serial: u.scan.serial } : {}), match: u.match })) });
      if (!m.ok) return setFlash({ kind: 'error', text: m.error.message });
      results.push({ rmaNo: r.rmaNo, match: m.value });
    }
    const best = bestMatch(results)!;
    const r = best.match;
    // A serial that differs is what the clerk must see (both serials), not that the barcode matched.
    const first = (r.kind === 'matched' && r.serialMismatch ? r.reasons.find((x) => x.key === 'item.serialMismatch') : undefined) ?? r.reasons[0];
    const currency = returnOf(best.rmaNo)?.currency;
    const text = (t: TFunction) => (first ? t(`reasons.${first.key}`, { ...first.params, currency }) : '');
    if (r.kind === 'not_an_item' || r.kind === 'duplicate') return setFlash({ kind: 'error', text });
    const pending: PendingItem =
      r.kind === 'matched'
        ? { id, rmaNo: best.rmaNo, raw, scan, lineId: r.lineId, match: r.serialMismatch ? 'serial_mismatch' : 'matched', answers: {} }
        : r.kind === 'over'
          ? { id, rmaNo: best.rmaNo, raw, scan, lineId: r.lineId, match: 'over', answers: {} }
          : r.kind === 'wrong_item'
            ? { id, rmaNo: best.rmaNo, raw, scan, lineId: r.insteadOfLineId, match: 'wrong_item', answers: {} }
            : { id, rmaNo: null, raw, scan, lineId: null, match: 'unexpected', answers: {} };
    // What the scan already proves is answered for the clerk: a serial that differs fails the serial check.
    const known = knownAnswers(checklistOf(pending), pending.match);
    await startItem(db, p.id, Object.keys(known).length > 0 ? { ...pending, answers: known } : pending);
    setFlash({ kind: r.kind === 'matched' && !r.serialMismatch ? 'ok' : 'error', text });
  };

  /** Photos the item's policy still wants before it may be accepted (P takes them). */
  const photosMissing = (p: ParcelRow, pending: PendingItem): Reason[] => {
    const policy = policyOf(pending.rmaNo) ?? defaultPolicy;
    if (!policy) return [];
    return missingPhotoEvidence({ policy, checklist: checklistOf(pending), answers: pending.answers, outerCondition: p.outerCondition, serialMismatch: pending.match === 'serial_mismatch', itemPhotos: pending.photos?.length ?? 0, parcelPhotos: p.photos.length });
  };

  const accept = async (p: ParcelRow, pending: PendingItem, override?: { by: string; reason: string; disposition: DispositionCode; acceptance?: AcceptanceState; faultParty?: FaultParty }, photoWaiver?: { by: string; reason: string }) => {
    const checklist = checklistOf(pending);
    const graded = gradeUnit({ checklist, answers: pending.answers });
    if (!graded.ok) return setFlash({ kind: 'error', text: graded.error.message });
    if (graded.value.status === 'incomplete') return setFlash({ kind: 'error', text: (t) => t('reasons.grade.missingAnswers', graded.value.reasons[0]!.params) });
    const line = lineOf(pending);
    const gtin = pending.scan.kind === 'gtin' ? pending.scan.gtin : pending.scan.kind === 'gs1' ? pending.scan.gtin : undefined;
    const catalogItem = gtin ? await db.catalog.get(gtin) : undefined;
    const name = pending.match === 'wrong_item' || pending.match === 'unexpected' ? (catalogItem?.name ?? pending.raw) : (line?.name ?? catalogItem?.name ?? pending.raw);
    let unit;
    try {
      // The ledger decides the unit itself (rules, policy, photos): the screen only asks for it.
      unit = await acceptUnit(db, actor, {
        parcelId: p.id,
        itemId: pending.id,
        label: (lpn, d) =>
          unitLabel(t, { lpn, ...(line ? { line } : {}), name, ...(pending.rmaNo ? { rmaNo: pending.rmaNo } : {}), grade: d.grade, ...(d.disposition ? { disposition: d.disposition } : {}), ...(d.channel ? { channel: d.channel } : {}), stationId: settings.station.id, now: new Date(), locale: i18n.language }),
        ...(printer ? { printerId: printer.id } : {}),
        ...(override ? { override } : {}),
        ...(photoWaiver ? { photoWaiver } : {}),
      });
    } catch (err) {
      if (err instanceof StationError && err.code === 'photos_required') {
        const stored = (await db.parcels.get(p.id)) ?? p;
        const missing = (err.details as { reasons: Reason[] }).reasons;
        return setFlash({ kind: 'error', text: (t) => missing.map((r) => t(`reasons.${r.key}`, { ...r.params, condition: t(`vocab.outerConditions.${stored.outerCondition}`) })).join(' ') });
      }
      throw err;
    }
    printWorker?.wake();
    // Not a green success while labels are missing (the printer is off, a label awaits a person): the red alert above says which.
    const labelsMissing = (await db.printJobs.where('state').anyOf('failed', 'unconfirmed').count()) > 0;
    setFlash({
      kind: unit.acceptance === 'rejected' || unit.channel === 'quarantine' ? 'error' : labelsMissing || !printer ? 'info' : 'ok',
      text: (t) => t('receive.accepted', { lpn: unit.lpn, grade: unit.grade, where: unit.channel ? t(`vocab.channels.${unit.channel}`) : t('receive.awaitingManager') }) + (printer ? '' : ` ${t('receive.noPrinter')}`),
    });
  };

  const complete = async (p: ParcelRow) => {
    if (p.pending) return setFlash({ kind: 'error', text: (t) => t('receive.finishInspection') });
    try {
      const done = await completeParcel(db, actor, { parcelId: p.id, confirmEmpty: emptyAsked === p.id });
      setEmptyAsked(undefined);
      setCompleted({ rmaNos: p.rmaNos, units: await db.units.where('parcelId').equals(p.id).count(), decisions: done.decisions, exceptions: done.openExceptions });
      setFlash(done.openExceptions.length ? { kind: 'error', text: (t) => t('receive.completedWithExceptions', { count: done.openExceptions.length }) } : { kind: 'ok', text: (t) => t('receive.completed') });
    } catch (err) {
      if (err instanceof StationError && err.code === 'parcel_empty') {
        setEmptyAsked(p.id);
        return setFlash({ kind: 'error', text: (t) => t('receive.nothingScanned') });
      }
      throw err;
    }
  };

  const allYes = async (p: ParcelRow, pending: PendingItem) => {
    // Everything yes, except what the scan itself showed to be no (a serial that differs).
    const list = checklistOf(pending);
    const answers = { ...Object.fromEntries(list.map((c) => [c.id, 'yes' as const])), ...knownAnswers(list, pending.match) };
    await updateItem(db, p.id, pending.id, (item) => ({ ...item, answers }));
    await accept(p, { ...pending, answers });
  };

  // Scans: what they mean depends on the step. They are handled one at a time, each against the state
  // in the database at that moment (not what the screen last showed), so fast scans never race.
  const handlers = useRef({ onParcelScan, onItemScan, accept, complete, allYes, checklistOf });
  handlers.current = { onParcelScan, onItemScan, accept, complete, allYes, checklistOf };
  const queue = useRef<Promise<unknown>>(Promise.resolve());
  const userRef = useRef(user);
  userRef.current = user;
  useEffect(
    () =>
      scanBus.subscribe((s) => {
        const handle = async () => {
          if (!userRef.current) {
            const badge = await db.users.where('badge').equals(s.data.trim()).first();
            if (!badge) return setFlash({ kind: 'error', text: (t) => t('signIn.first') });
            signIn(badge);
            return setFlash({ kind: 'ok', text: (t) => t('signIn.welcome', { name: badge.name }) });
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
            if (scan.command === 'CARRIER-NOTED' && p) return recordCarrierNoted(db, actor, p.id).then(() => setFlash({ kind: 'ok', text: (t) => t('receive.carrierNoted') }));
            if (scan.command === 'REPRINT') {
              // The label of the unit received last on this station, printed again.
              const last = (await db.units.orderBy('inspectedAt').last()) ?? undefined;
              if (!last?.labelJobId) return setFlash({ kind: 'error', text: (t) => t('receive.nothingToReprint') });
              await reprintJob(db, actor, last.labelJobId);
              printWorker?.wake();
              return setFlash({ kind: 'ok', text: (t) => t('labels.reprinted', { code: last.lpn }) });
            }
            if (scan.command === 'CANCEL' && p && pending) return dropItem(db, p.id, pending.id).then(() => setFlash({ kind: 'info', text: (t) => t('receive.itemCancelled') }));
            return setFlash({ kind: 'error', text: (t) => t('receive.commandNotNow', { command: scan.command }) });
          }
          if (st === 'parcel') return handlers.current.onParcelScan(s.data);
          if (st === 'items' && p) return handlers.current.onItemScan(p, s.data);
          if (st === 'inspect') return setFlash({ kind: 'error', text: (t) => t('receive.finishInspection') });
          return setFlash({ kind: 'error', text: (t) => t('receive.notYet') });
        };
        queue.current = queue.current.then(handle).catch((err) => setFlash({ kind: 'error', text: (t) => errorMessage(t, err) }));
      }),
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [db, settings.scanning.codes],
  );

  /**
   * Keys that record something — a box's condition (1–6, Enter), an answer to a check (1/Y, 2/N, 3/0) — are
   * queued behind the scans and mean what the step in the database says when their turn comes, as scans do:
   * keys a fast clerk types while a scan or the key before is still being handled apply in order, to the
   * parcel and item they were typed for, rather than meeting a screen one step behind and being lost or
   * read as something else.
   */
  const inTurn = (work: (p: ParcelRow | null) => Promise<unknown>) => {
    queue.current = queue.current
      .then(async () => work((await findOpenParcel(db)) ?? null))
      .catch((err) => setFlash({ kind: 'error', text: (t) => errorMessage(t, err) }));
  };
  const keyTyped = (ch: string) =>
    inTurn(async (p) => {
      const st = stepOf(p);
      if (st === 'condition' && p && /^[1-6]$/.test(ch)) return recordCondition(db, actor, p.id, OUTER_CONDITIONS[Number(ch) - 1]!);
      const value = ch === '1' || ch === 'y' ? 'yes' : ch === '2' || ch === 'n' ? 'no' : ch === '3' || ch === '0' ? 'na' : null;
      if (st === 'inspect' && p?.pending && value) return answerNextIn(db, p.id, handlers.current.checklistOf(p.pending), value);
    });
  /** Backspace: the last answer of the item in hand is taken back — after the answers typed before it. */
  const answerTakenBack = () => inTurn(async (p) => (p?.pending && stepOf(p) === 'inspect' ? unanswerLastIn(db, p.id, handlers.current.checklistOf(p.pending)) : undefined));
  /** Escape: the item in hand is put aside, after whatever was typed for it before. */
  const itemDropped = () => inTurn(async (p) => (p?.pending ? dropItem(db, p.id, p.pending.id) : undefined));
  /** Enter on the condition step: the condition shown (the parcel's, or the usual one) is the box's. */
  const conditionConfirmed = () => inTurn(async (p) => (p && stepOf(p) === 'condition' ? recordCondition(db, actor, p.id, p.outerCondition) : undefined));

  const manualWeight = (grams: number, reason: string) => parcel && recordWeight(db, actor, parcel.id, { grams, stable: false, source: 'manual', manualReason: reason });
  /** W: weigh again (the parcel moved, the wrong parcel was on the plate). */
  const weighAgain = () => parcel?.weight && clearWeight(db, actor, parcel.id).then(() => weighing.retry());

  /** A manager's PIN allows deciding otherwise than the rules; the reason is kept with the unit. */
  const overrideWithPin = async (p: ParcelRow, pending: PendingItem, input: { disposition: DispositionCode; acceptance?: AcceptanceState; faultParty?: FaultParty; reason: string; pin: string }) => {
    const manager = await managerByPin(db, input.pin).catch((err: unknown) => {
      setFlash({ kind: 'error', text: (t) => pinErrorText(t, err), about: 'pin' });
      return null;
    });
    if (!manager) return;
    await accept(p, pending, { by: manager.id, reason: input.reason, disposition: input.disposition, ...(input.acceptance ? { acceptance: input.acceptance } : {}), ...(input.faultParty ? { faultParty: input.faultParty } : {}) });
  };

  /** P: a photo of the parcel (condition, items) or of the item in hand — decided when P is pressed. */
  const photo = async () => {
    const p = await findOpenParcel(db);
    if (!p) return;
    // The box first when the policy still wants it photographed (a damaged box, for the carrier claim).
    const boxWanted = p.pending ? photosMissing(p, p.pending).some((m) => m.key === 'photo.boxDamage') : false;
    const target = p.pending && !boxWanted ? ({ kind: 'item', itemId: p.pending.id } as const) : ({ kind: 'parcel' } as const);
    try {
      setFlash({ kind: 'info', text: (t) => t('photos.taking') });
      await addPhoto(db, actor, { parcelId: p.id, target, blob: await takePhoto() });
      setFlash({ kind: 'ok', text: (t) => t('photos.taken') });
    } catch (err) {
      setFlash({ kind: 'error', text: (t) => t('photos.failed', { message: errorMessage(t, err) }) });
    }
  };

  return {
    step,
    setFlash,
    photo,
    hasUsers,
    user,
    overrideWithPin,
    parcel,
    returns,
    units,
    returnUnits,
    storage,
    policies,
    policyOf,
    flash,
    completed,
    emptyAsked: emptyAsked !== undefined && emptyAsked === parcel?.id,
    scale,
    printer,
    weighing,
    manualWeight,
    weighAgain,
    checklistOf,
    lineOf,
    photosMissing,
    keyTyped,
    conditionConfirmed,
    answerTakenBack,
    accept,
    complete,
    itemDropped,
    evaluation,
  };
}
export type Receiving = ReturnType<typeof useReceiving>;
