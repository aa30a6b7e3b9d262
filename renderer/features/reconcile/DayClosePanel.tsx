import { useState } from 'react';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { StationError } from '../../../shared/errors';
import type { DayCloseBlockers } from '../../../shared/reports/day-report';
import type { StationUser } from '../../../shared/returns';
import { useAppServices } from '../../app-services';
import { errorMessage } from '../../errors';
import { closeDay, reopenDay, type StationDay } from '../../ledger';
import { Num } from './Drill';

const BLOCKERS: (keyof DayCloseBlockers)[] = ['unfinishedParcels', 'pendingItems', 'openExceptions', 'refundsAwaitingApproval', 'labelJobs'];

/** Closing the day: what still holds it open, the close itself, and reopening (with a reason). */
export function DayClosePanel({
  day,
  date,
  timeZone,
  stationId,
  manager,
}: {
  day: StationDay;
  date: string;
  timeZone: string;
  stationId: string;
  manager: StationUser;
}) {
  const { t, i18n } = useTranslation();
  const { db } = useAppServices();
  const [message, setMessage] = useState<{ ok: boolean; text: (t: TFunction) => string } | null>(null);
  const [reason, setReason] = useState('');
  /** The close is asked once more, with the day's figures, before the day is locked. */
  const [confirming, setConfirming] = useState(false);
  const open = BLOCKERS.filter((k) => day.blockers[k].length > 0);
  const carried = day.carriedOver;
  const carriedCount = carried.parcels.length + carried.exceptions.length + carried.refundsAwaitingApproval.length + carried.labelJobs.length;
  const oldest = Math.max(0, ...carried.parcels.map((p) => p.ageDays), ...carried.exceptions.map((x) => x.ageDays));
  const r = day.report;
  const state = day.state;
  const nameOf = (id: string) => day.input.users.find((u) => u.id === id)?.name ?? id;

  const close = async () => {
    setConfirming(false);
    try {
      const closed = await closeDay(db, { who: manager.id }, { date, timeZone, stationId });
      const chain = (closed.summary as { auditChain?: { verified: boolean; brokenAt?: number } } | undefined)?.auditChain;
      setMessage(
        chain?.verified === false
          ? { ok: false, text: (t) => `${t('reconcile.close.done', { date })} ${t('backup.auditBroken', { seq: chain.brokenAt })}` }
          : { ok: true, text: (t) => t('reconcile.close.done', { date }) },
      );
    } catch (err) {
      if (err instanceof StationError && err.code === 'day_not_ready')
        setMessage({
          ok: false,
          text: (t) => t('reconcile.close.refused', { what: open.map((k) => t(`reconcile.blockers.${k}`, { count: day.blockers[k].length })).join(', ') }),
        });
      else setMessage({ ok: false, text: (t) => errorMessage(t, err) });
    }
  };
  const reopen = async () => {
    try {
      await reopenDay(db, { who: manager.id }, { date, timeZone, stationId, reason });
      setReason('');
      setMessage({ ok: true, text: (t) => t('reconcile.close.reopened', { date }) });
    } catch (err) {
      setMessage({ ok: false, text: (t) => errorMessage(t, err) });
    }
  };

  return (
    <div className={`day-close ${state?.kind === 'closed' ? 'banner ok' : 'banner'}`} data-testid="day-close-panel">
      <div>
        {state?.kind === 'closed' ? (
          <p data-testid="day-closed">{t('reconcile.close.closedBy', { by: nameOf(state.by), at: new Date(state.at).toLocaleString(i18n.language) })}</p>
        ) : open.length > 0 ? (
          <>
            <p>
              <strong>{t('reconcile.close.holding')}</strong>
            </p>
            <ul data-testid="day-blockers">
              {open.map((k) => (
                <li key={k} data-testid={`blocker-${k}`}>
                  {t(`reconcile.blockers.${k}`, { count: day.blockers[k].length })}{' '}
                  <Num title={t(`reconcile.blockers.${k}`, { count: day.blockers[k].length })} ids={day.blockers[k]} />
                </li>
              ))}
            </ul>
          </>
        ) : (
          <p>{t('reconcile.close.ready')}</p>
        )}
        {state?.kind === 'reopened' && <p className="muted">{t('reconcile.close.reopenedBy', { by: nameOf(state.by), reason: state.reason ?? '' })}</p>}
        {(day.bench.awaiting.length > 0 || day.bench.openContainers.length > 0) && (
          <p className="muted" data-testid="day-bench">
            {t('reconcile.bench.line', {
              units: day.bench.awaiting.length,
              containers: day.bench.openContainers.length,
              days: Math.max(0, ...day.bench.openContainers.map((c) => c.ageDays), ...day.bench.awaiting.map((u) => u.ageDays)),
            })}{' '}
            {day.bench.awaiting.length > 0 && <Num title={t('reconcile.bench.awaiting')} ids={day.bench.awaiting.map((u) => u.lpn)} />}
          </p>
        )}
        {carriedCount > 0 && (
          <p className="muted" data-testid="day-carried-over">
            {t('reconcile.close.carriedOver', { count: carriedCount, days: oldest })}{' '}
            {carried.parcels.length > 0 && (
              <>
                {t('reconcile.blockers.unfinishedParcels', { count: carried.parcels.length })}{' '}
                <Num title={t('reconcile.close.carriedParcels')} ids={carried.parcels.map((p) => p.id)} />{' '}
              </>
            )}
            {carried.exceptions.length > 0 && (
              <>
                {t('reconcile.blockers.openExceptions', { count: carried.exceptions.length })}{' '}
                <Num title={t('reconcile.close.carriedExceptions')} ids={carried.exceptions.map((x) => x.id)} />
              </>
            )}
          </p>
        )}
      </div>
      <div className="form-actions no-print">
        {state?.kind === 'closed' ? (
          <>
            <label>
              {t('reconcile.close.reopenReason')}
              <input value={reason} onChange={(e) => setReason(e.target.value)} autoComplete="off" data-testid="reopen-reason" />
            </label>
            <button type="button" onClick={() => void reopen()} data-testid="day-reopen">
              {t('reconcile.close.reopen')}
            </button>
          </>
        ) : confirming ? (
          <>
            <span data-testid="day-close-confirm-figures">
              {t('reconcile.close.confirmFigures', { date, parcels: r.parcels.opened.count, units: r.units.total, refunds: r.refunds.length })}
            </span>
            <button type="button" className="primary" onClick={() => void close()} data-testid="day-close-confirm" autoFocus>
              {t('reconcile.close.confirm')}
            </button>
            <button type="button" onClick={() => setConfirming(false)}>
              {t('reconcile.close.cancel')}
            </button>
          </>
        ) : (
          <button
            type="button"
            className="primary"
            onClick={() => setConfirming(true)}
            data-testid="day-close"
            disabled={open.length > 0}
            title={open.length > 0 ? open.map((k) => t(`reconcile.blockers.${k}`, { count: day.blockers[k].length })).join(', ') : undefined}
          >
            {t('reconcile.close.button')}
          </button>
        )}
        {message && (
          <span role="status" className={message.ok ? 'ok-text' : 'error-text'} data-testid="day-close-message">
            {message.text(t)}
          </span>
        )}
      </div>
    </div>
  );
}
