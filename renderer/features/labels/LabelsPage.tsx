import { deviceName } from '../../i18n/device-name';
import { useLiveQuery } from 'dexie-react-hooks';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { PaperTarget } from '../../../shared/labels/layout';
import type { PrinterSettings } from '../../../shared/labels/printer-config';
import { useAppServices } from '../../app-services';
import { scanBus } from '../../devices/scan-bus';
import { useStation } from '../../station-context';
import { LabelPreview } from './LabelPreview';
import { PrintQueue } from './PrintQueue';
import { enqueueLabel, latestJobForCode, reprintJob } from '../../ledger';
import { testLabel } from './test-label';

export const paperOf = (printer?: PrinterSettings): PaperTarget =>
  printer?.config.kind === 'zpl' ? { language: 'zpl', size: printer.config.size ?? '4x6' } : { language: 'escpos', width: printer?.config.width ?? 80 };

export function LabelsPage() {
  const { t, i18n } = useTranslation();
  const { db, actor, printWorker } = useAppServices();
  const printers = useStation().settingsState.settings.printers;
  const printer = printers[0];
  const [selected, setSelected] = useState<string>();
  // Kept as a key and parameters, so it follows a change of language.
  const [message, setMessage] = useState<{ key: string; params: Record<string, string>; ok: boolean } | null>(null);
  const say = useCallback((key: string, params: Record<string, string>, ok: boolean) => setMessage({ key, params, ok }), []);
  const selectedJob = useLiveQuery(
    async () => (selected ? db.printJobs.get(selected) : await db.printJobs.orderBy('createdAt').reverse().first()),
    [db, selected],
  );

  // Scanning a label's code here prints it again.
  useEffect(
    () =>
      scanBus.subscribe(async (scan) => {
        const code = scan.data.trim();
        const job = await latestJobForCode(db, code);
        if (!job) return say('labels.noLabelForCode', { code }, false);
        const again = await reprintJob(db, actor, job.id);
        printWorker?.wake();
        setSelected(again.id);
        say('labels.reprinted', { code }, true);
      }),
    [db, actor, printWorker, say],
  );

  const printTest = async () => {
    if (!printer) return;
    const job = await enqueueLabel(db, actor, { label: testLabel(deviceName(t, printer, 'printer'), new Date(), i18n.language), printerId: printer.id });
    printWorker?.wake();
    setSelected(job.id);
    say('labels.testQueued', {}, true);
  };

  return (
    <section className="page">
      <h1>{t('nav.labels')}</h1>
      {printer ? (
        <div className="section-head">
          <p>
            {t('labels.printer')}: <strong>{deviceName(t, printer, 'printer')}</strong> <span className="muted mono">{printer.config.interface}</span>
          </p>
          <button type="button" onClick={() => void printTest()}>
            {t('labels.printTest')}
          </button>
        </div>
      ) : (
        <p className="notice" data-testid="no-printer">
          {t('labels.noPrinter')}
        </p>
      )}
      <p className="muted">{t('labels.scanToReprint')}</p>
      <p role="status" className={message?.ok === false ? 'error-text' : 'ok-text'}>
        {message && t(message.key, message.params)}
      </p>
      <div className="labels-layout">
        <div>
          <h2>{t('labels.queue')}</h2>
          <PrintQueue selected={selectedJob?.id} onSelect={setSelected} onMessage={say} />
        </div>
        <aside>
          <h2>{t('labels.preview')}</h2>
          {selectedJob ? (
            <LabelPreview label={selectedJob.label} target={paperOf(printers.find((p) => p.id === selectedJob.printerId) ?? printer)} />
          ) : (
            <p className="empty">{t('labels.noPreview')}</p>
          )}
        </aside>
      </div>
    </section>
  );
}
