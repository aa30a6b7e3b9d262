import { useLiveQuery } from 'dexie-react-hooks';
import { useTranslation } from 'react-i18next';
import { errorText } from '../../errors';
import { useAppServices } from '../../app-services';
import type { PrintJobRow } from '../../db/station-db';
import { confirmPrinted, reprintJob, retryJob } from '../../ledger';

/** The latest print jobs, newest first, with what happened to each and what can be done about it. */
export function PrintQueue({
  selected,
  onSelect,
  onMessage,
}: {
  selected?: string;
  onSelect(id: string): void;
  onMessage(key: string, params: Record<string, string>, ok: boolean): void;
}) {
  const { t, i18n } = useTranslation();
  const { db, actor, printWorker } = useAppServices();
  const jobs = useLiveQuery(() => db.printJobs.orderBy('createdAt').reverse().limit(50).toArray(), [db]);
  const byId = new Map((jobs ?? []).map((j) => [j.id, j]));

  const act = async (job: PrintJobRow, what: 'retry' | 'reprint' | 'printed') => {
    try {
      if (what === 'retry') await retryJob(db, actor, job.id);
      else if (what === 'printed') await confirmPrinted(db, actor, job.id);
      else await reprintJob(db, actor, job.id);
      printWorker?.wake();
      onMessage(what === 'retry' ? 'labels.retried' : what === 'printed' ? 'labels.confirmedPrinted' : 'labels.reprinted', { code: job.code }, true);
    } catch (err) {
      onMessage('labels.actionFailed', { message: (err as Error).message }, false);
    }
  };

  if (!jobs) return null;
  if (jobs.length === 0) return <p className="empty">{t('labels.noJobs')}</p>;
  return (
    <table className="table queue" data-testid="print-queue">
      <thead>
        <tr>
          <th scope="col">{t('labels.time')}</th>
          <th scope="col">{t('labels.label')}</th>
          <th scope="col">{t('labels.state')}</th>
          <th scope="col">{t('labels.actions')}</th>
        </tr>
      </thead>
      <tbody>
        {jobs.map((job) => (
          <tr key={job.id} className={job.id === selected ? 'selected' : undefined} data-testid="print-job">
            <td>{new Date(job.createdAt).toLocaleTimeString(i18n.language)}</td>
            <td>
              <button type="button" className="link" onClick={() => onSelect(job.id)} aria-pressed={job.id === selected}>
                <span className="mono">{job.code}</span> · {job.label.title}
              </button>
              {job.reprintOf && <div className="muted small">{t('labels.reprintOf', { code: byId.get(job.reprintOf)?.code ?? job.code })}</div>}
            </td>
            <td>
              <span className={`badge job-${job.state}`} data-testid="job-state">
                {job.state === 'done' && job.confirmed === false ? t('labels.sentNotConfirmed') : t(`labels.states.${job.state}`)}
              </span>
              {job.state === 'unconfirmed' && (
                <div className="small error-text" data-testid="job-question">
                  {t('labels.didItPrint', { code: job.code })}
                </div>
              )}
              {job.attempts > 1 && <span className="muted small"> · {t('labels.attempts', { count: job.attempts })}</span>}
              {job.lastError && (
                <div className="small error-text" data-testid="job-error" title={job.lastError}>
                  {errorText(t, job.lastErrorCode, job.lastError)}
                  {job.state === 'failed' &&
                    job.nextAttemptAt &&
                    ` ${t('labels.willRetry', { time: new Date(job.nextAttemptAt).toLocaleTimeString(i18n.language) })}`}
                </div>
              )}
            </td>
            <td className="actions">
              {job.state === 'unconfirmed' && (
                <button type="button" onClick={() => void act(job, 'printed')}>
                  {t('labels.itPrinted')}
                </button>
              )}
              {(job.state === 'failed' || job.state === 'unconfirmed') && (
                <button type="button" onClick={() => void act(job, 'retry')}>
                  {job.state === 'unconfirmed' ? t('labels.printAgain') : t('labels.retry')}
                </button>
              )}
              {(job.state === 'done' || job.state === 'failed') && (
                <button type="button" onClick={() => void act(job, 'reprint')}>
                  {t('labels.reprint')}
                </button>
              )}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
