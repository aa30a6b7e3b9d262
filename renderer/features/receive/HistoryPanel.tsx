import { printerFor } from '../../../shared/labels/printer-config';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useAppServices } from '../../app-services';
import { nameOfItemInHand, routeUnit, type DispositionCode } from '../../../shared/returns';
import { DispositionSelect } from '../units/DispositionSelect';
import type { UnitRow } from '../../db/station-db';
import { errorMessage } from '../../errors';
import { addPhoto, correctUnit, policyFor, reprintJob } from '../../ledger';
import { takePhoto } from './camera';
import { useStation } from '../../station-context';
import { searchHistory, type HistoryHit } from './history';
import { useUserNames } from '../../shell/use-user-names';
import { useManagerSession } from '../manager/manager-session';
import { stationTimeZone } from '../../shell/station-day';
import { managerByPin, pinErrorText } from '../manager/pin-guard';
import { relabelAfterDecision } from '../units/unit-label';

/** Find what was received by any code on it, and print a unit's label again. */
export function HistoryPanel() {
  const { t, i18n } = useTranslation();
  const { db, actor, printWorker } = useAppServices();
  const { settingsState } = useStation();
  const dockPrinter = printerFor(settingsState.settings.printers, 'dock');
  const [code, setCode] = useState('');
  const [hits, setHits] = useState<HistoryHit[] | null>(null);
  const [message, setMessage] = useState('');
  const [correcting, setCorrecting] = useState<{ lpn: string; disposition: DispositionCode; reason: string; pin: string } | null>(null);
  // A correction is a manager's: the manager of the session, or a manager's PIN typed here.
  const { manager: sessionManager } = useManagerSession();
  const nameOf = useUserNames();
  const correct = async (e: FormEvent, unit: UnitRow) => {
    e.preventDefault();
    if (!correcting) return;
    let manager = sessionManager;
    if (!manager) {
      try {
        manager = await managerByPin(db, correcting.pin);
      } catch (err) {
        setCorrecting({ ...correcting, pin: '' });
        return setMessage(pinErrorText(t, err));
      }
    }
    try {
      const expected = unit.rmaNo ? await db.expectedReturns.get(unit.rmaNo) : undefined;
      const policy = await policyFor(db, expected);
      const line = expected?.lines.find((l) => l.lineId === unit.expectedLineId);
      const name = nameOfItemInHand({ match: unit.match, raw: unit.scan.raw }, line, unit.scan.gtin ? (await db.catalog.get(unit.scan.gtin))?.name : undefined);
      const stationId = settingsState.settings.station.id;
      await correctUnit(
        db,
        { who: manager.id },
        {
          lpn: unit.lpn,
          disposition: correcting.disposition,
          channel: routeUnit(policy, correcting.disposition, unit.grade),
          reason: correcting.reason.trim(),
          timeZone: stationTimeZone(settingsState.settings),
          // The bench routes by the label: a corrected unit gets a new one, and the old one is superseded.
          label: relabelAfterDecision(t, { line, name, rmaNo: unit.rmaNo, stationId, locale: i18n.language }),
          ...(dockPrinter ? { printerId: dockPrinter.id } : {}),
        },
      );
      printWorker?.wake();
      setCorrecting(null);
      setMessage(t('history.corrected', { lpn: unit.lpn }));
      setHits(await searchHistory(db, code));
    } catch (err) {
      setMessage(errorMessage(t, err));
    }
  };
  const search = async (e: FormEvent) => {
    e.preventDefault();
    setHits(await searchHistory(db, code));
  };
  /** A photo of a unit already accepted (the camera was missing then): kept with the unit, on its day. */
  const photograph = async (u: UnitRow) => {
    try {
      setMessage(t('photos.taking'));
      if (!u.itemId) return;
      await addPhoto(db, actor, {
        parcelId: u.parcelId,
        target: { kind: 'item', itemId: u.itemId },
        blob: await takePhoto(),
        timeZone: stationTimeZone(settingsState.settings),
      });
      setMessage(t('photos.takenFor', { lpn: u.lpn }));
      setHits(await searchHistory(db, code));
    } catch (err) {
      setMessage(t('photos.failed', { message: errorMessage(t, err) }));
    }
  };
  const reprint = async (labelJobId: string, lpn: string) => {
    await reprintJob(db, actor, labelJobId);
    printWorker?.wake();
    setMessage(t('labels.reprinted', { code: lpn }));
  };
  return (
    <div className="history" data-testid="history">
      <form className="form row" onSubmit={(e) => void search(e)}>
        <label>
          {t('history.code')}
          <input value={code} onChange={(e) => setCode(e.target.value)} autoComplete="off" placeholder="SF…, RMA-…, LPN…, 690…" />
        </label>
        <button type="submit">{t('history.search')}</button>
      </form>
      {message && (
        <p className="ok-text" role="status">
          {message}
        </p>
      )}
      {hits && hits.length === 0 && <p className="empty">{t('history.none', { code })}</p>}
      {hits?.map(({ parcel, units, superseded }) => (
        <div key={parcel.id} className="history-hit" data-testid="history-hit">
          <p>
            <strong>{parcel.rmaNos.join(', ') || t('receive.blindParcel')}</strong> · {parcel.trackingNumber ?? '—'} ·{' '}
            {new Date(parcel.openedAt).toLocaleString(i18n.language)} · {t(`history.status.${parcel.status}`)} · {nameOf(parcel.clerkId)}
          </p>
          <ul>
            {units.map((u) => (
              <li key={u.lpn}>
                <span className="mono">{u.lpn}</span> · {u.scan.gtin ?? u.scan.raw} · {t('receive.grade')} {u.grade}
                {u.disposition && ` · ${t(`vocab.dispositions.${u.disposition}`)}`}
                {u.channel && ` → ${t(`vocab.channels.${u.channel}`)}`}
                {u.corrections?.length ? ` · ${t('history.correctedCount', { count: u.corrections.length })}` : ''}
                {superseded[u.lpn] ? <span data-testid="label-superseded">{` · ${t('history.labelSuperseded', { count: superseded[u.lpn] })}`}</span> : ''}
                {u.labelJobId && (
                  <button type="button" onClick={() => void reprint(u.labelJobId!, u.lpn)}>
                    {t('labels.reprint')}
                  </button>
                )}
                <button type="button" onClick={() => void photograph(u)} data-testid="history-photo">
                  {t('photos.add')} {u.photos?.length ? `(${t('photos.count', { count: u.photos.length })})` : ''}
                </button>
                <button type="button" onClick={() => setCorrecting({ lpn: u.lpn, disposition: u.disposition ?? 'SELLABLE', reason: '', pin: '' })}>
                  {t('history.correct')}
                </button>
                {correcting?.lpn === u.lpn && (
                  <form className="form row" onSubmit={(e) => void correct(e, u)} data-testid="correct">
                    <DispositionSelect value={correcting.disposition} onChange={(disposition) => setCorrecting({ ...correcting, disposition })} />
                    <label>
                      {t('override.reason')}
                      <input
                        value={correcting.reason}
                        onChange={(e) => setCorrecting({ ...correcting, reason: e.target.value })}
                        required
                        minLength={3}
                        autoComplete="off"
                      />
                    </label>
                    {!sessionManager && (
                      <label>
                        {t('override.managerPin')}
                        <input
                          type="password"
                          inputMode="numeric"
                          value={correcting.pin}
                          onChange={(e) => setCorrecting({ ...correcting, pin: e.target.value })}
                          required
                          autoComplete="off"
                        />
                      </label>
                    )}
                    <button type="submit" className="primary">
                      {t('history.saveCorrection')}
                    </button>
                  </form>
                )}
              </li>
            ))}
          </ul>
        </div>
      ))}
    </div>
  );
}
