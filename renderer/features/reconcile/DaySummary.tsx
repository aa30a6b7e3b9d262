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
            <CountRow key={k} testId={`parcels-${k}`} label={t(`reconcile.parcels.${k}`)} ids={r.parcels[k].ids} />
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
            <CountRow key={b.key} testId={`acceptance-${b.key}`} label={t(`receive.acceptance.${b.key}`)} ids={b.ids} />
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
          <CountRow testId="exceptions-count" label={t('reconcile.exceptionsRaised')} ids={exceptions} />
          <CountRow testId="open-exceptions" label={t('reconcile.openExceptions')} ids={r.openExceptions.map((x) => x.id)} />
          <CountRow testId="label-problems" label={t('reconcile.labelProblems')} ids={r.labelProblems.map((j) => j.code)} />
          <div data-testid="oldest-unsent">
            <dt>{t('reconcile.oldestUnsent')}</dt>
            <dd>{r.oldestUnsentMinutes === null ? t('reconcile.allAtHq') : t('reconcile.minutes', { count: r.oldestUnsentMinutes })}</dd>
          </div>
        </dl>
      </div>
    </div>
  );
}

/** One figure of a card: its name, and its count that opens the records behind it. */
function CountRow({ testId, label, ids }: { testId: string; label: string; ids: string[] }) {
  return (
    <div data-testid={testId}>
      <dt>{label}</dt>
      <dd>
        <Num title={label} ids={ids} />
      </dd>
    </div>
  );
}
