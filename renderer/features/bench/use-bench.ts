import { useLiveQuery } from 'dexie-react-hooks';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { createScanClassifier } from '../../../shared/barcode/classify';
import { StationError } from '../../../shared/errors';
import { printerFor } from '../../../shared/labels/printer-config';
import { intoContainer, type ContainerRoute, type Reason } from '../../../shared/returns';
import type { ScaleReading } from '../../../shared/devices/scale-types';
import { useAppServices } from '../../app-services';
import { scanBus, typedBus } from '../../devices/scan-bus';
import { errorMessage } from '../../errors';
import {
  benchUnit,
  closeContainer,
  containerContents,
  latestJobForCode,
  openContainer,
  openContainers,
  printShelfLabel,
  putInContainer,
  reopenContainer,
  reprintJob,
  takeOutOfContainer,
  unitsAwaitingContainer,
} from '../../ledger';
import { beep } from '../../shell/feedback';
import type { Flash } from '../../shell/flash';
import { useStation } from '../../station-context';
import { benchIntentOf, type BenchInput, type BenchIntent } from './bench-intent';
import { containerLabel, manifestLabel, shelfLabel, type BenchLabelContext } from './bench-labels';

export type BenchForm = { kind: 'open' } | { kind: 'close' } | { kind: 'takeOut' } | { kind: 'move'; to: string } | { kind: 'reopen' };

const reasonFlash = (r: Reason): Flash => ({ kind: 'error', text: (t) => t(`reasons.${r.key}`, r.params) });

/**
 * The packing bench's live state and what its scans and keys do: the unit in hand (by LPN), the container
 * in front of the clerk, the open containers and the units still waiting for one. What a scan or key means
 * is bench-intent.ts's; the rules are the ledger's (refusals are told in the clerk's words, nothing moves).
 */
export function useBench() {
  const { t, i18n } = useTranslation();
  const { db, actor, user, signIn, printWorker } = useAppServices();
  const { api, settingsState } = useStation();
  const settings = settingsState.settings;
  const printer = printerFor(settings.printers, 'bench');
  const scale = settings.devices.find((d) => d.role === 'scale');
  const classify = useMemo(() => createScanClassifier(settings.scanning.codes), [settings.scanning.codes]);

  const [lpn, setLpn] = useState<string>();
  const [containerId, setContainerId] = useState<string>();
  const [form, setForm] = useState<BenchForm | null>(null);
  const [flash, setFlashState] = useState<Flash | null>(null);
  const [reading, setReading] = useState<ScaleReading>();

  const setFlash = useCallback((f: Flash) => {
    setFlashState(f);
    if (f.kind === 'error') beep('error');
    else if (f.kind === 'ok') beep('ok');
  }, []);

  const inHand = useLiveQuery(async () => (lpn ? ((await benchUnit(db, lpn)) ?? null) : null), [db, lpn]);
  const container = useLiveQuery(async () => (containerId ? ((await db.containers.get(containerId)) ?? null) : null), [db, containerId]);
  const contents = useLiveQuery(async () => (containerId ? containerContents(db, containerId) : []), [db, containerId]) ?? [];
  const open = useLiveQuery(() => openContainers(db), [db]) ?? [];
  const awaiting = useLiveQuery(() => unitsAwaitingContainer(db), [db]) ?? [];

  /** Why the unit in hand goes into no container at all (held, quarantined, rejected), before any container is scanned. */
  const goesNowhere = useMemo(() => {
    if (!inHand) return null;
    const r = intoContainer(inHand.unit, { id: '', route: 'restock', status: 'open' }, inHand.vendor);
    return r && ['bench.held', 'bench.rejected', 'bench.quarantined'].includes(r.key) ? r : null;
  }, [inHand]);
  /** Open containers the unit in hand may go into. */
  const fits = useMemo(
    () => (inHand && !goesNowhere ? open.filter((c) => c.id !== inHand.unit.containerId && !intoContainer(inHand.unit, c, inHand.vendor)) : []),
    [inHand, goesNowhere, open],
  );

  useEffect(() => {
    if (!scale) return;
    return api.onScaleReading(({ id, reading }) => {
      if (id === scale.id) setReading(reading);
    });
  }, [api, scale]);
  /** The container's weight the scale shows now, when it is steady and positive. */
  const stableGrams = reading?.kind === 'weight' && reading.stable && reading.grams > 0 ? Math.round(reading.grams) : undefined;

  const labels = (): BenchLabelContext => ({ t, stationId: settings.station.id, locale: i18n.language, now: new Date() });
  const who = user?.name ?? actor.who;

  const fail = (err: unknown) => {
    const reason = err instanceof StationError ? (err.details as { reason?: Reason } | undefined)?.reason : undefined;
    setFlash(reason ? reasonFlash(reason) : { kind: 'error', text: errorMessage(t, err) });
  };

  const putIn = async (to: string, reason?: string) => {
    if (!lpn) return;
    try {
      const { container: c } = await putInContainer(db, actor, { lpn, containerId: to, ...(reason ? { reason } : {}) });
      setForm(null);
      setLpn(undefined);
      setContainerId(to);
      const count = await db.units.where('containerId').equals(to).count();
      setFlash({ kind: 'ok', text: (t) => t('bench.putIn', { lpn, container: to, route: t(`vocab.channels.${c.route}`), count }) });
    } catch (err) {
      fail(err);
    }
  };

  const run = async (intent: BenchIntent) => {
    switch (intent.do) {
      case 'signInByBadge':
      case 'badgeOrUnknown': {
        const badge = intent.do === 'signInByBadge' ? intent.badge : intent.raw;
        const person = await db.users.where('badge').equals(badge).first();
        if (person) {
          signIn(person);
          return setFlash({ kind: 'ok', text: (t) => t('signIn.welcome', { name: person.name }) });
        }
        return setFlash({ kind: 'error', text: (t) => (intent.do === 'signInByBadge' ? t('signIn.first') : t('bench.notABenchCode', { code: badge })) });
      }
      case 'showUnit': {
        setForm(null);
        const found = await benchUnit(db, intent.lpn);
        if (!found) return setFlash({ kind: 'error', text: (t) => t('bench.unknownUnit', { lpn: intent.lpn }) });
        setLpn(intent.lpn);
        return setFlashState(null);
      }
      case 'putIn': {
        const target = await db.containers.get(intent.containerId);
        if (!target) return setFlash({ kind: 'error', text: (t) => t('bench.unknownContainer', { container: intent.containerId }) });
        const unit = lpn ? await benchUnit(db, lpn) : null;
        if (!unit) return;
        // Checked here first, so a unit that does not belong is stopped before the reason form opens for a move.
        const refused = intoContainer(unit.unit, target, unit.vendor);
        if (refused) return setFlash(reasonFlash(refused));
        if (unit.unit.containerId) return setForm({ kind: 'move', to: target.id });
        return putIn(target.id);
      }
      case 'showContainer': {
        setForm(null);
        const target = await db.containers.get(intent.containerId);
        if (!target) return setFlash({ kind: 'error', text: (t) => t('bench.unknownContainer', { container: intent.containerId }) });
        setContainerId(target.id);
        return setFlashState(null);
      }
      case 'openContainer':
        return setForm({ kind: 'open' });
      case 'closeContainer':
        return setForm({ kind: 'close' });
      case 'takeOut':
        if (!inHand?.unit.containerId) return setFlash({ kind: 'error', text: (t) => t('bench.inNoContainer', { lpn: lpn ?? '' }) });
        return setForm({ kind: 'takeOut' });
      case 'reopen':
        return setForm({ kind: 'reopen' });
      case 'shelfLabel': {
        if (!inHand) return;
        if (!printer) return setFlash({ kind: 'error', text: (t) => t('bench.noPrinterForShelf') });
        const gtin = inHand.unit.scan.gtin;
        if (!gtin) return setFlash({ kind: 'error', text: (t) => t('bench.noProductBarcode', { lpn: inHand.unit.lpn }) });
        try {
          await printShelfLabel(db, actor, {
            lpn: inHand.unit.lpn,
            printerId: printer.id,
            label: shelfLabel(labels(), { gtin, name: inHand.name, grade: inHand.unit.grade, size: inHand.item?.size, lpn: inHand.unit.lpn, by: who }),
          });
          printWorker?.wake();
          return setFlash({ kind: 'ok', text: (t) => t('bench.shelfPrinted', { name: inHand.name }) });
        } catch (err) {
          return fail(err);
        }
      }
      case 'reprintContainer': {
        if (!containerId) return;
        const job = await latestJobForCode(db, containerId);
        if (!job) return setFlash({ kind: 'error', text: (t) => t('bench.noLabelYet', { container: containerId }) });
        await reprintJob(db, actor, job.id);
        printWorker?.wake();
        return setFlash({ kind: 'ok', text: (t) => t('bench.reprinted', { container: containerId }) });
      }
      case 'clear':
        if (form) return setForm(null);
        setLpn(undefined);
        return setFlashState(null);
      case 'refuse':
        return setFlash({ kind: 'error', text: (t) => t(intent.say) });
      case 'nothing':
        return;
    }
  };

  // One input at a time, in the order they came: a scan that arrives while the last one is written waits its turn.
  const queue = useRef(Promise.resolve());
  const live = useRef({ run, ctx: { signedIn: false, unitInHand: false, container: 'none' as 'none' | 'open' | 'closed' }, form });
  live.current = {
    run,
    ctx: { signedIn: !!user, unitInHand: !!lpn, container: container ? container.status : 'none' },
    form,
  };
  const handle = useCallback((input: BenchInput) => {
    const intent = benchIntentOf(live.current.ctx, input);
    if (intent.do === 'nothing') return false;
    queue.current = queue.current.then(() => live.current.run(intent)).catch(() => undefined);
    return true;
  }, []);

  useEffect(() => scanBus.subscribe((s) => handle({ kind: 'scan', raw: s.data, scan: classify(s.data) })), [handle, classify]);
  useEffect(() => {
    const offTyped = typedBus.subscribe((text) => {
      // A form open takes its own keys (its fields have the focus); a letter outside them is not a command then.
      if (live.current.form) return;
      for (const ch of text) handle({ kind: 'key', key: ch });
    });
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== 'Escape') return;
      if (handle({ kind: 'key', key: 'Escape' })) e.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => {
      offTyped();
      window.removeEventListener('keydown', onKey);
    };
  }, [handle]);

  // The forms' submissions.
  const submitOpen = async (route: ContainerRoute, vendor: string) => {
    try {
      const c = await openContainer(db, actor, {
        route,
        ...(route === 'return_to_vendor' ? { vendor } : {}),
        printerId: printer?.id,
        label: (id) => containerLabel(labels(), { id, route, vendor: route === 'return_to_vendor' ? vendor.trim() : undefined, by: who }),
      });
      printWorker?.wake();
      setForm(null);
      setContainerId(c.id);
      setFlash({
        kind: 'ok',
        text: (t) =>
          t(printer ? 'bench.opened' : 'bench.openedNoPrinter', {
            container: c.id,
            route: t(`vocab.channels.${c.route}`),
            vendor: c.vendor ?? '',
          }),
      });
    } catch (err) {
      fail(err);
    }
  };

  const submitClose = async (weight: { grams: number; source: 'scale' | 'manual'; reason?: string }) => {
    if (!container) return;
    try {
      const closed = await closeContainer(db, actor, {
        containerId: container.id,
        weight,
        printerId: printer?.id,
        manifest: (c) =>
          manifestLabel(labels(), {
            id: c.id,
            route: c.route,
            vendor: c.vendor,
            weightGrams: weight.grams,
            units: contents.map((u) => ({ lpn: u.lpn, name: u.name })),
            by: who,
          }),
      });
      printWorker?.wake();
      setForm(null);
      setFlash({
        kind: 'ok',
        text: (t) => t('bench.closed', { container: closed.id, count: closed.units ?? 0, kg: ((closed.weightGrams ?? 0) / 1000).toFixed(2) }),
      });
    } catch (err) {
      fail(err);
    }
  };

  const submitTakeOut = async (reason: string) => {
    if (!lpn) return;
    try {
      await takeOutOfContainer(db, actor, { lpn, reason });
      setForm(null);
      setFlash({ kind: 'ok', text: (t) => t('bench.takenOut', { lpn }) });
    } catch (err) {
      fail(err);
    }
  };

  const submitReopen = async (managerId: string, reason: string) => {
    if (!container) return;
    await reopenContainer(db, { who: managerId }, { containerId: container.id, reason });
    setForm(null);
    setFlash({ kind: 'ok', text: (t) => t('bench.reopened', { container: container.id }) });
  };

  return {
    user,
    printer,
    scale,
    stableGrams,
    reading,
    lpn,
    inHand,
    goesNowhere,
    fits,
    container,
    contents,
    open,
    awaiting,
    form,
    setForm,
    flash,
    putIn,
    submitOpen,
    submitClose,
    submitTakeOut,
    submitReopen,
    showContainer: (id: string) => handle({ kind: 'scan', raw: id, scan: classify(id) }),
  };
}
export type Bench = ReturnType<typeof useBench>;
