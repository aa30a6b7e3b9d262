import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useManagerSession } from '../manager/manager-session';
import { DayCharts } from './DayCharts';
import { DayClosePanel } from './DayClosePanel';
import { DaySummary } from './DaySummary';
import { DayTables } from './DayTables';
import { DrillContext } from './Drill';
import { ExceptionsQueue } from './ExceptionsQueue';
import { ExportButtons } from './ExportButtons';
import { HeldUnits } from './HeldUnits';
import { ManifestsTable } from './ManifestsTable';
import { RecordsPanel } from './RecordsPanel';
import { usePrinting } from './use-printing';
import { useStationDay } from './use-station-day';
import { errorMessage } from '../../errors';

/**
 * The manager's day: what came in against what was expected, what money goes back and when, what is
 * still open — and the day close. Every number opens the records behind it.
 */
export function ReconcilePage() {
  const { t, i18n } = useTranslation();
  const { manager } = useManagerSession();
  const sd = useStationDay();
  const [drill, setDrill] = useState<{ title: string; ids: string[] } | null>(null);
  const [exporting, setExporting] = useState(false);
  const printing = usePrinting(exporting);
  const { day } = sd;
  const closed = day?.state?.kind === 'closed';

  return (
    <DrillContext.Provider value={(title, ids) => setDrill({ title, ids })}>
      <section className="page reconcile" data-testid="reconcile" data-date={sd.date} data-state={closed ? 'closed' : 'open'}>
        <p className="print-only" data-testid="report-head">
          {t('reconcile.reportHead', {
            station: sd.stationId,
            date: sd.date,
            timeZone: sd.timeZone,
            at: new Date().toLocaleString(i18n.language),
            by: manager?.name ?? '—',
          })}
        </p>
        <div className="section-head">
          <h1>{t('nav.reconcile')}</h1>
          <label className="no-print">
            {t('reconcile.day')}
            <input type="date" value={sd.date} onChange={(e) => e.target.value && sd.setDate(e.target.value)} data-testid="day-date" />
          </label>
          <p className="muted">{t('reconcile.dayIn', { date: sd.date, timeZone: sd.timeZone })}</p>
        </div>
        {Boolean(sd.error) && (
          <p className="banner error" role="alert">
            {errorMessage(t, sd.error)}
          </p>
        )}
        {!day ? (
          <p className="muted">…</p>
        ) : (
          <>
            <div className="no-print actions-row">
              <ExportButtons day={day} stationId={sd.stationId} onPrinting={setExporting} />
            </div>
            {manager && <DayClosePanel day={day} date={sd.date} timeZone={sd.timeZone} stationId={sd.stationId} manager={manager} />}
            <DaySummary report={day.report} />
            <DayCharts report={day.report} />
            {drill && <RecordsPanel title={drill.title} ids={drill.ids} onClose={() => setDrill(null)} />}
            {manager && (
              <div className="no-print">
                <h2>{t('reconcile.held.heading')}</h2>
                <HeldUnits manager={manager} />
                <h2>{t('exceptions.heading')}</h2>
                <ExceptionsQueue manager={manager} />
              </div>
            )}
            <DayTables
              report={day.report}
              printing={printing}
              currencyOf={(rmaNo) => day.input.expectedReturns.find((e) => e.rmaNo === rmaNo)?.currency ?? ''}
            />
            <ManifestsTable manifests={day.manifests} />
          </>
        )}
      </section>
    </DrillContext.Provider>
  );
}
