import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { hq, problemOf } from '../../api';
import { dateTime } from '../../format';

interface Delivery {
  id: string;
  warehouseId: string;
  rmaNo: string;
  step: string;
  at: string;
  deliveredAt: string | null;
  attempts: number;
  lastError: string | null;
  nextAttemptAt: string | null;
}

/** What customer service's system has been told: steps waiting or failing (and why), the latest delivered. */
export function Webhooks() {
  const { t, i18n } = useTranslation();
  const [rows, setRows] = useState<Delivery[]>([]);
  const [problem, setProblem] = useState<string>();
  const reload = () =>
    hq
      .call('adminWebhooks', { query: {} })
      .then((r) => setRows(r.rows as Delivery[]))
      .catch((err) => setProblem(problemOf(t, err)));
  // biome-ignore lint/correctness/useExhaustiveDependencies: read once when shown
  useEffect(() => {
    void reload();
  }, []);
  const retry = (id: string) =>
    hq
      .call('adminRetryWebhook', { params: { id } })
      .then(reload)
      .catch((err) => setProblem(problemOf(t, err)));
  const waiting = rows.filter((r) => !r.deliveredAt);
  return (
    <article className="card" data-testid="webhooks">
      <h2>{t('webhooks.heading')}</h2>
      {problem && <p className="error">{problem}</p>}
      <p>{waiting.length === 0 ? t('webhooks.allDelivered') : t('webhooks.waiting', { count: waiting.length })}</p>
      {rows.length > 0 && (
        <table className="table">
          <thead>
            <tr>
              <th>{t('returns.rma')}</th>
              <th>{t('webhooks.step')}</th>
              <th>{t('webhooks.when')}</th>
              <th>{t('webhooks.state')}</th>
            </tr>
          </thead>
          <tbody>
            {rows.slice(0, 30).map((r) => (
              <tr key={r.id}>
                <td>{r.rmaNo}</td>
                <td>{t(`webhooks.steps.${r.step}`, { defaultValue: r.step })}</td>
                <td>{dateTime(r.at, i18n.language)}</td>
                <td className={r.deliveredAt ? '' : r.attempts > 0 ? 'bad' : ''}>
                  {r.deliveredAt
                    ? t('webhooks.delivered', { when: dateTime(r.deliveredAt, i18n.language) })
                    : r.attempts > 0
                      ? t('webhooks.failing', { count: r.attempts, error: r.lastError ?? '', next: dateTime(r.nextAttemptAt, i18n.language) })
                      : t('webhooks.queued')}
                  {!r.deliveredAt && r.attempts > 0 && (
                    <>
                      {' '}
                      <button type="button" onClick={() => void retry(r.id)}>
                        {t('webhooks.retry')}
                      </button>
                    </>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </article>
  );
}
