import { useTranslation } from 'react-i18next';
import type { DayReport } from '../../../shared/reports/day-report';
import { formatMinorUnits } from '../../i18n/money';
import { Num } from './Drill';

/** The day's figures in cards; each number opens its records. */
export function DaySummary({ report: r }: { report: DayReport }) {
  const { t, i18n } = useTranslation();
  const money = (minor: number, currency: string) => formatMinorUnits(minor, currency, i18n.language);
  const exceptions = r.exceptionsByKind.flatMap((b) => b.ids);
  return (
    <div className="cards" data-testid="day-summary">
      <div className="card" data-testid="card-parcels">
        <h3>{t('reconcile.cards.parcels')}</h3>
        <dl className="kv">
          {(['opened', 'closed', 'held', 'voided', 'unfinished'] as const).map((k) => (
            <div key={k} data-testid={`parcels-${k}`}>
              <dt>{t(`reconcile.parcels.${k}`)}</dt>
              <dd>
                <Num title={t(`reconcile.parcels.${k}`)} ids={r.parcels[k].ids} />
              </dd>
            </div>
          ))}
        </dl>
      </div>
      <div className="card" data-testid="card-units">
        <h3>{t('reconcile.cards.units')}</h3>
        <p className="big-number" data-testid="units-total">
          <Num title={t('reconcile.cards.units')} ids={r.units.lpns} value={r.units.total} />
        </p>
        <dl className="kv">
          {r.units.byAcceptance.map((b) => (
            <div key={b.key} data-testid={`acceptance-${b.key}`}>
              <dt>{t(`receive.acceptance.${b.key}`)}</dt>
              <dd>
                <Num title={t(`receive.acceptance.${b.key}`)} ids={b.ids} />
              </dd>
            </div>
          ))}
        </dl>
      </div>
      <div className="card" data-testid="card-refunds">
        <h3>{t('reconcile.cards.refunds')}</h3>
        {r.refundTotals.length === 0 && <p className="empty">{t('reconcile.noRefunds')}</p>}
        {r.refundTotals.map((x) => (
          <p key={x.currency} data-testid={`refund-total-${x.currency}`}>
            <strong>{money(x.dayDeltaMinor, x.currency)}</strong> {t('reconcile.refundsDecided', { count: x.count })}
            {x.needsManager > 0 && <span className="error-text"> · {t('reconcile.needsManager', { count: x.needsManager })}</span>}
          </p>
        ))}
      </div>
      <div className="card" data-testid="card-open">
        <h3>{t('reconcile.cards.attention')}</h3>
        <dl className="kv">
          <div data-testid="exceptions-count">
            <dt>{t('reconcile.exceptionsRaised')}</dt>
            <dd>
              <Num title={t('reconcile.exceptionsRaised')} ids={exceptions} />
            </dd>
          </div>
          <div data-testid="open-exceptions">
            <dt>{t('reconcile.openExceptions')}</dt>
            <dd>
              <Num title={t('reconcile.openExceptions')} ids={r.openExceptions.map((x) => x.id)} />
            </dd>
          </div>
          <div data-testid="label-problems">
            <dt>{t('reconcile.labelProblems')}</dt>
            <dd>
              <Num title={t('reconcile.labelProblems')} ids={r.labelProblems.map((j) => j.code)} />
            </dd>
          </div>
          <div data-testid="oldest-unsent">
            <dt>{t('reconcile.oldestUnsent')}</dt>
            <dd>{r.oldestUnsentMinutes === null ? t('reconcile.allAtHq') : t('reconcile.minutes', { count: r.oldestUnsentMinutes })}</dd>
          </div>
        </dl>
      </div>
    </div>
  );
}
