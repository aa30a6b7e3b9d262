import { useState } from 'react';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { saveFile } from '../../platform/save-file';
import { StationError } from '../../../shared/errors';
import { dayCsvRows, toCsv } from '../../../shared/reports/day-csv';
import { errorMessage } from '../../errors';
import type { StationDay } from '../../ledger';
import { useStation } from '../../station-context';

/** Hands the day on as files: the CSV for HQ and finance, the PDF day report with its charts. */
export function ExportButtons({ day, stationId, onPrinting }: { day: StationDay; stationId: string; onPrinting(on: boolean): void }) {
  const { t } = useTranslation();
  const { api } = useStation();
  const [message, setMessage] = useState<{ ok: boolean; text: (t: TFunction) => string } | null>(null);
  const base = `returns-${stationId}-${day.report.date}`;

  const csv = () => {
    const rows = dayCsvRows(day.csv);
    saveFile(new Blob([toCsv(rows)], { type: 'text/csv;charset=utf-8' }), `${base}.csv`);
    setMessage({ ok: true, text: (t) => t('reconcile.export.csvDone', { count: rows.length, file: `${base}.csv` }) });
  };

  const pdf = async () => {
    onPrinting(true);
    // Let every table render in full before the page is printed.
    await new Promise((r) => requestAnimationFrame(() => r(null)));
    try {
      const saved = await api.reportPdf({ fileName: `${base}.pdf` });
      setMessage({ ok: true, text: (t) => t('reconcile.export.pdfSaved', { path: saved.path }) });
    } catch (err) {
      // In a browser the page prints itself: say first what to choose in the print dialog, which says nothing of it.
      if (err instanceof StationError && err.code === 'pdf_unavailable') {
        setMessage({ ok: true, text: (t) => t('reconcile.export.pdfInBrowser', { file: `${base}.pdf` }) });
        await new Promise((r) => setTimeout(r, 0));
        window.print();
      } else setMessage({ ok: false, text: (t) => errorMessage(t, err) });
    } finally {
      onPrinting(false);
    }
  };

  return (
    <div className="form-actions">
      <button type="button" onClick={csv} data-testid="export-csv">
        {t('reconcile.export.csv')}
      </button>
      <button type="button" onClick={() => void pdf()} data-testid="export-pdf">
        {t('reconcile.export.pdf')}
      </button>
      {message && (
        <span role="status" className={message.ok ? 'ok-text' : 'error-text'}>
          {message.text(t)}
        </span>
      )}
    </div>
  );
}
