import { useLiveQuery } from 'dexie-react-hooks';
import { useTranslation } from 'react-i18next';
import { useAppServices } from '../../app-services';
import { errorText } from '../../errors';

/**
 * Labels that did not print, shown on the receiving screen at once (not only on the Labels page): a unit
 * whose label is missing cannot be routed at the bench. Failed ones retry by themselves; unconfirmed ones
 * wait for a person on the Labels page.
 */
export function LabelAlerts() {
  const { t } = useTranslation();
  const { db } = useAppServices();
  const jobs = useLiveQuery(() => db.printJobs.where('state').anyOf('failed', 'unconfirmed').toArray(), [db]) ?? [];
  if (jobs.length === 0) return null;
  // Several: one line with the count and the codes, so the parcel's decision and money stay in view.
  if (jobs.length > 1) {
    const unconfirmed = jobs.filter((j) => j.state === 'unconfirmed').length;
    return (
      <div className="banner error compact" role="alert" data-testid="label-alerts">
        <p>
          {t('labels.alertSeveral', {
            count: jobs.length,
            codes:
              jobs
                .slice(0, 3)
                .map((j) => j.code)
                .join(', ') + (jobs.length > 3 ? ', …' : ''),
          })}{' '}
          {unconfirmed > 0 ? t('labels.alertSeveralUnconfirmed', { count: unconfirmed }) : t('labels.alertSeveralFailed')}
        </p>
      </div>
    );
  }
  return (
    <div className="banner error" role="alert" data-testid="label-alerts">
      <ul>
        {jobs.slice(0, 5).map((job) => (
          <li key={job.id}>
            <strong className="mono">{job.code}</strong> —{' '}
            {job.state === 'unconfirmed'
              ? t('labels.alertUnconfirmed')
              : t('labels.alertFailed', { reason: errorText(t, job.lastErrorCode, job.lastError ?? '') })}
          </li>
        ))}
      </ul>
      {jobs.length > 5 && <p>{t('labels.alertMore', { count: jobs.length - 5 })}</p>}
    </div>
  );
}
