import { printerFor } from '../../../shared/labels/printer-config';
import { useLiveQuery } from 'dexie-react-hooks';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { createScanClassifier, type ScanResult } from '../../../shared/barcode/classify';
import { StationError } from '../../../shared/errors';
import {
  checklistFor,
  gradeUnit,
  gtinOf,
  isOrderedItem,
  knownAnswers,
  missingPhotoEvidence,
  nameOfItemInHand,
  secondLookFor,
  type AcceptanceState,
  type Checklist,
  type DispositionCode,
  type FaultParty,
  type Policy,
  type Reason,
} from '../../../shared/returns';
import { useAppServices } from '../../app-services';
import type { ParcelRow, PendingItem } from '../../db/station-db';
import { scanBus } from '../../devices/scan-bus';
import { errorMessage } from '../../errors';
import {
  acceptUnit,
  addPhoto,
  answerNext as answerNextIn,
  clearWeight,
  completeParcel,
  decideItem,
  dropItem,
  findOpenParcel,
  openParcel,
  policyFor,
  recordCarrierNoted,
  recordRecycling,
  recordCondition,
  recordWeight,
  reprintJob,
  returnsNamedBy,
  returnsOfParcel,
  unanswerLast as unanswerLastIn,
  unitsOfReturn,
  updateItem,
} from '../../ledger';
import { useStorage } from '../../shell/use-storage';
import { useStation } from '../../station-context';
import { managerByPin, pinErrorText } from '../manager/pin-guard';
import { takePhoto } from './camera';
import { beep } from '../../shell/feedback';
import { inHandOf, intentOf, waitsItsTurn, type Intent, type IntentContext, type ReceiveInput } from './intent';
import { takeItemScan } from './item-scan';
import { NO_POLICIES, NO_RETURNS, stepOf, type Completed, type Flash, type PolicyOf, type Step } from './receiving-state';
import { unitLabel } from '../units/unit-label';
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
  const returnUnits =
    useLiveQuery(
      async () => (parcel ? (await Promise.all(parcel.rmaNos.map((r) => unitsOfReturn(db, r)))).flat() : []),
      [db, parcel?.id, rmaKey, units.length],
    ) ?? [];
  const [policies, setPolicies] = useState<PolicyOf>(NO_POLICIES);
  const [defaultPolicy, setDefaultPolicy] = useState<Policy>();
  const [flash, setFlashState] = useState<Flash>();
  const [completed, setCompleted] = useState<Completed>();
  const [emptyAsked, setEmptyAsked] = useState<string>();
  /** The recycling form is open for this parcel (#CMD:RECYCLE after a photo of what was given back). */
  const [recycling, setRecycling] = useState<string>();
  const step: Step = user ? stepOf(parcel) : 'signin';
  const scale = settings.devices.find((d) => d.role === 'scale');
  const printer = printerFor(settings.printers, 'dock');
  const weighing = useWeighing(parcel, scale);
  const storage = useStorage();
  // The updater restarts the station only when no parcel is open (and nobody is at the keys).
  const busy = step !== 'parcel' && step !== 'signin';
  // biome-ignore lint/correctness/useExhaustiveDependencies: each item taken and unit accepted is activity too (the updater waits for a quiet bench)
  useEffect(() => void api.stationActivity({ busy }).catch(() => undefined), [api, busy, parcel?.pending?.id, units.length]);

  const setFlash = useCallback((f: Flash) => {
    setFlashState(f);
    if (f.kind !== 'info') beep(f.kind);
  }, []);
  // A switch of language words the banner again; a service's own explanation (one language only) is cleared rather than mixing two.
  // biome-ignore lint/correctness/useExhaustiveDependencies: it runs because the language changed, which it does not read
  useEffect(() => setFlashState((f) => (f && typeof f.text === 'function' ? f : undefined)), [i18n.language]);
  useEffect(
    () =>
      void policyFor(db)
        .then(setDefaultPolicy)
        .catch(() => undefined),
    [db],
  );
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

  const onParcelScan = async (raw: string, scan: ScanResult) => {
    if (scan.kind === 'command' || scan.kind === 'lpn') return setFlash({ kind: 'error', text: (t) => t('receive.scanParcelFirst') });
    // No new parcel when the station could not store it: what is open can still be finished and synced.
    if (storage.level === 'full') return setFlash({ kind: 'error', text: (t) => t('storage.fullBlocked') });
    const { code, match } = await returnsNamedBy(db, raw, scan);
    if (!match.ok) return setFlash({ kind: 'error', text: match.error.message });
    if (match.value.kind === 'ambiguous') return setFlash({ kind: 'error', text: (t) => t('reasons.match.ambiguous', match.value.reasons[0]!.params) });
    setCompleted(undefined);
    await openParcel(db, actor, { raw, scan, match: match.value, stationId: settings.station.id });
    const said = match.value.reasons[0];
    setFlash(
      match.value.kind === 'matched' && said
        ? { kind: 'ok', text: (t) => t(`reasons.${said.key}`, said.params) }
        : { kind: 'error', text: (t) => t('receive.blind', { code }) },
    );
  };

  const onItemScan = async (p: ParcelRow, raw: string, scan: ScanResult) =>
    setFlash(await takeItemScan(db, actor, { parcel: p, raw, scan, returns, checklistOf }));

  /** Photos the item's policy still wants before it may be accepted (P takes them). */
  /** A high-value unit: why a second person (a manager) confirms it before it is accepted, or null. */
  const secondLookOf = (pending: PendingItem): Reason | null => secondLookFor(policyOf(pending.rmaNo), lineOf(pending));

  const photosMissing = (p: ParcelRow, pending: PendingItem): Reason[] => {
    const policy = policyOf(pending.rmaNo) ?? defaultPolicy;
    if (!policy) return [];
    return missingPhotoEvidence({
      policy,
      checklist: checklistOf(pending),
      answers: pending.answers,
      outerCondition: p.outerCondition,
      serialMismatch: pending.match === 'serial_mismatch',
      itemPhotos: pending.photos?.length ?? 0,
      parcelPhotos: p.photos.length,
    });
  };

  const accept = async (
    p: ParcelRow,
    pending: PendingItem,
    override?: { by: string; reason: string; disposition: DispositionCode; acceptance?: AcceptanceState; faultParty?: FaultParty },
    photoWaiver?: { by: string; reason: string },
    secondLook?: { by: string },
  ) => {
    const checklist = checklistOf(pending);
    const graded = gradeUnit({ checklist, answers: pending.answers });
    if (!graded.ok) return setFlash({ kind: 'error', text: graded.error.message });
    if (graded.value.status === 'incomplete')
      return setFlash({ kind: 'error', text: (t) => t('reasons.grade.missingAnswers', graded.value.reasons[0]!.params) });
    // The label names the item in hand, and carries its line's SKU only when it is the ordered item.
    const line = isOrderedItem(pending.match) ? lineOf(pending) : undefined;
    const gtin = gtinOf(pending.scan);
    const name = nameOfItemInHand(pending, line, gtin ? (await db.catalog.get(gtin))?.name : undefined);
    const shown = returnOf(pending.rmaNo);
    let unit: Awaited<ReturnType<typeof acceptUnit>>;
    try {
      // The ledger decides the unit itself (rules, policy, photos): the screen only asks for it.
      unit = await acceptUnit(db, actor, {
        parcelId: p.id,
        itemId: pending.id,
        ...(shown ? { expected: shown } : {}),
        label: (lpn, d) =>
          unitLabel(t, {
            lpn,
            ...(line ? { line } : {}),
            name,
            ...(pending.rmaNo ? { rmaNo: pending.rmaNo } : {}),
            grade: d.grade,
            ...(d.disposition ? { disposition: d.disposition } : {}),
            ...(d.channel ? { channel: d.channel } : {}),
            stationId: settings.station.id,
            now: new Date(),
            locale: i18n.language,
          }),
        ...(printer ? { printerId: printer.id } : {}),
        ...(override ? { override } : {}),
        ...(photoWaiver ? { photoWaiver } : {}),
        ...(secondLook ? { secondLook } : {}),
      });
    } catch (err) {
      if (err instanceof StationError && err.code === 'photos_required') {
        const stored = (await db.parcels.get(p.id)) ?? p;
        const missing = (err.details as { reasons: Reason[] }).reasons;
        return setFlash({
          kind: 'error',
          text: (t) => missing.map((r) => t(`reasons.${r.key}`, { ...r.params, condition: t(`vocab.outerConditions.${stored.outerCondition}`) })).join(' '),
        });
      }
      throw err;
    }
    printWorker?.wake();
    // Not a green success while labels are missing (the printer is off, a label awaits a person): the red alert above says which.
    const labelsMissing = (await db.printJobs.where('state').anyOf('failed', 'unconfirmed').count()) > 0;
    setFlash({
      kind: unit.acceptance === 'rejected' || unit.channel === 'quarantine' ? 'error' : labelsMissing || !printer ? 'info' : 'ok',
      text: (t) =>
        t('receive.accepted', { lpn: unit.lpn, grade: unit.grade, where: unit.channel ? t(`vocab.channels.${unit.channel}`) : t('receive.awaitingManager') }) +
        (printer ? '' : ` ${t('receive.noPrinter')}`),
    });
  };

  const complete = async (p: ParcelRow) => {
    if (p.pending) return setFlash({ kind: 'error', text: (t) => t('receive.finishInspection') });
    try {
      const done = await completeParcel(db, actor, { parcelId: p.id, confirmEmpty: emptyAsked === p.id });
      setEmptyAsked(undefined);
      setCompleted({
        rmaNos: p.rmaNos,
        units: await db.units.where('parcelId').equals(p.id).count(),
        decisions: done.decisions,
        exceptions: done.openExceptions,
      });
      setFlash(
        done.openExceptions.length
          ? { kind: 'error', text: (t) => t('receive.completedWithExceptions', { count: done.openExceptions.length }) }
          : { kind: 'ok', text: (t) => t('receive.completed') },
      );
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

  /** The records' state for an input whose turn has come: what the intent is decided from. */
  const contextNow = async (overriding: boolean): Promise<{ ctx: IntentContext; p: ParcelRow | null }> => {
    const p = (await findOpenParcel(db)) ?? null;
    return { p, ctx: { signedIn: !!userRef.current, step: stepOf(p), inHand: inHandOf(p?.pending, p?.pending ? checklistOf(p.pending) : []), overriding } };
  };

  /** Carries out what an input means; `p` is the open parcel as the records have it now. */
  const carryOut = async (intent: Intent, p: ParcelRow | null): Promise<unknown> => {
    const pending = p?.pending;
    switch (intent.do) {
      case 'signInByBadge': {
        const badge = await db.users.where('badge').equals(intent.badge).first();
        if (!badge) return setFlash({ kind: 'error', text: (t) => t('signIn.first') });
        signIn(badge);
        return setFlash({ kind: 'ok', text: (t) => t('signIn.welcome', { name: badge.name }) });
      }
      case 'openParcel':
        return onParcelScan(intent.raw, classify(intent.raw));
      case 'conditionAsShownThenItem':
        if (!p) return;
        await recordCondition(db, actor, p.id, p.outerCondition);
        return onItemScan((await findOpenParcel(db)) ?? p, intent.raw, classify(intent.raw));
      case 'scanItem':
        return p && onItemScan(p, intent.raw, classify(intent.raw));
      case 'secondLook': {
        if (!p || !pending) return;
        const looker = await db.users.where('badge').equals(intent.badge).first();
        if (looker?.role !== 'manager') return setFlash({ kind: 'error', text: (t) => t('receive.secondLookBadge') });
        return accept(p, pending, undefined, undefined, { by: looker.id });
      }
      case 'complete': {
        if (p && pending && intent.acceptFirst) await accept(p, pending);
        const fresh = await findOpenParcel(db);
        return fresh && complete(fresh);
      }
      case 'allYes':
        return p && pending && allYes(p, pending);
      case 'recycle': {
        if (!p) return;
        if (!p.photos?.length) return setFlash({ kind: 'error', text: (t) => t('recycling.photoFirst') });
        return setRecycling(p.id);
      }
      case 'carrierNoted':
        return p && recordCarrierNoted(db, actor, p.id).then(() => setFlash({ kind: 'ok', text: (t) => t('receive.carrierNoted') }));
      case 'reprintLast': {
        // The label of the unit received last on this station, printed again.
        const last = (await db.units.orderBy('inspectedAt').last()) ?? undefined;
        if (!last?.labelJobId) return setFlash({ kind: 'error', text: (t) => t('receive.nothingToReprint') });
        await reprintJob(db, actor, last.labelJobId);
        printWorker?.wake();
        return setFlash({ kind: 'ok', text: (t) => t('labels.reprinted', { code: last.lpn }) });
      }
      case 'dropItem':
        return p && pending && dropItem(db, p.id, pending.id).then(() => setFlash({ kind: 'info', text: (t) => t('receive.itemCancelled') }));
      case 'condition':
        return p && recordCondition(db, actor, p.id, intent.condition);
      case 'confirmCondition':
        return p && recordCondition(db, actor, p.id, p.outerCondition);
      case 'answer':
        return p && pending && answerNextIn(db, p.id, checklistOf(pending), intent.value);
      case 'unanswer':
        return p && pending && unanswerLastIn(db, p.id, checklistOf(pending));
      case 'accept':
        return p && pending && accept(p, pending);
      case 'weighRetry':
        return weighing.retry();
      case 'weighZero':
        return weighing.zero();
      case 'weighTare':
        return weighing.tare();
      case 'weighAgain':
        return p?.weight && clearWeight(db, actor, p.id).then(() => weighing.retry());
      case 'photo':
        return photo();
      case 'refuse':
        return setFlash({ kind: 'error', text: (t) => t(intent.say, { command: intent.command }) });
      case 'focusCode':
      case 'openOverride':
      case 'nothing':
        return;
    }
  };

  // Scans and the keys that record are handled one at a time, each against the records at that moment (not
  // what the screen last showed), so fast scans and keys never race; see intent.ts for what each means.
  const queue = useRef<Promise<unknown>>(Promise.resolve());
  const userRef = useRef(user);
  userRef.current = user;
  const inTurn = (input: ReceiveInput, overriding: boolean) => {
    queue.current = queue.current
      .then(async () => {
        const { ctx, p } = await contextNow(overriding);
        return live.current.carryOut(intentOf(ctx, input), p);
      })
      .catch((err) => setFlash({ kind: 'error', text: (t) => errorMessage(t, err) }));
  };
  const live = useRef({ carryOut, inTurn, classify });
  live.current = { carryOut, inTurn, classify };
  useEffect(() => scanBus.subscribe((s) => live.current.inTurn({ kind: 'scan', raw: s.data, scan: live.current.classify(s.data) }, false)), []);

  /**
   * A key at the bench. One that records waits its turn (intent.ts: waitsItsTurn); the others act on the
   * screen at once. Returns what the key means on the screen as shown, for what only the page can do
   * (focus the code field, open the override form) — `queued` when it waits its turn.
   */
  const press = (key: string, overriding: boolean): Intent | 'queued' => {
    const screen: IntentContext = { signedIn: !!user, step, inHand: inHandOf(parcel?.pending, parcel?.pending ? checklistOf(parcel.pending) : []), overriding };
    if (waitsItsTurn(key, screen)) {
      inTurn({ kind: 'key', key }, overriding);
      return 'queued';
    }
    const intent = intentOf(screen, { kind: 'key', key });
    void carryOut(intent, parcel ?? null).catch((err) => setFlash({ kind: 'error', text: (t) => errorMessage(t, err) }));
    return intent;
  };

  const manualWeight = (grams: number, reason: string) =>
    parcel && recordWeight(db, actor, parcel.id, { grams, stable: false, source: 'manual', manualReason: reason });

  /** A manager's PIN allows deciding otherwise than the rules; the reason is kept with the unit. */
  const overrideWithPin = async (
    p: ParcelRow,
    pending: PendingItem,
    input: { disposition: DispositionCode; acceptance?: AcceptanceState; faultParty?: FaultParty; reason: string; pin: string; waivePhotos?: boolean },
    /** What the rules decided: a manager who only waives the photos overrides nothing. */
    rules: { disposition: DispositionCode },
  ) => {
    const manager = await managerByPin(db, input.pin).catch((err: unknown) => {
      setFlash({ kind: 'error', text: (t) => pinErrorText(t, err), about: 'pin' });
      return null;
    });
    if (!manager) return;
    const changes = input.disposition !== rules.disposition || !!input.acceptance || !!input.faultParty;
    const override = changes
      ? {
          by: manager.id,
          reason: input.reason,
          disposition: input.disposition,
          ...(input.acceptance ? { acceptance: input.acceptance } : {}),
          ...(input.faultParty ? { faultParty: input.faultParty } : {}),
        }
      : undefined;
    // The manager who signs looked at it: that is also a high-value unit's second look.
    await accept(p, pending, override, input.waivePhotos ? { by: manager.id, reason: input.reason } : undefined, { by: manager.id });
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

  /** Records the gift given back for recycling, with the parcel's latest photo, for HQ to award the points. */
  const recordRecycled = async (description: string) => {
    const p = await findOpenParcel(db);
    if (!p || p.id !== recycling) return setRecycling(undefined);
    try {
      const task = await recordRecycling(db, actor, { parcelId: p.id, photo: p.photos!.at(-1)!, description });
      setRecycling(undefined);
      setFlash({
        kind: 'ok',
        text: (t) => (task.points ? t('recycling.recordedPoints', { what: description, points: task.points }) : t('recycling.recorded', { what: description })),
      });
    } catch (err) {
      setFlash({ kind: 'error', text: (t) => errorMessage(t, err) });
    }
  };

  return {
    step,
    setFlash,
    recycling: !!recycling && recycling === parcel?.id,
    recordRecycled,
    closeRecycling: () => setRecycling(undefined),
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
    checklistOf,
    lineOf,
    photosMissing,
    secondLookOf,
    press,
    accept,
    complete,
    evaluation,
  };
}
export type Receiving = ReturnType<typeof useReceiving>;
