import { useTranslation } from 'react-i18next';
import type { DayReport } from '../../../shared/reports/day-report';
import { formatMinorUnits } from '../../i18n/money';
import { Num } from './Drill';
import { VirtualTable } from './VirtualTable';

/** The day's detail: refunds by due date, returns against what they expect, variances, gifts, clerks. */
export function DayTables({ report: r, printing, currencyOf }: { report: DayReport; printing: boolean; currencyOf: (rmaNo: string | undefined) => string }) {
  const { t, i18n } = useTranslation();
  const money = (minor: number, currency: string) => formatMinorUnits(minor, currency, i18n.language);
  const time = (iso: string) => new Date(iso).toLocaleTimeString(i18n.language, { hour: '2-digit', minute: '2-digit' });
  return (
    <>
      <h2>{t('reconcile.refunds.heading')}</h2>
      <VirtualTable
        testId="refunds-table"
        printing={printing}
        rows={r.refunds}
        rowKey={(x) => x.rmaNo}
        columns={[
          { head: t('reconcile.col.rma'), cell: (x) => x.rmaNo, className: 'mono' },
          {
            head: t('reconcile.col.status'),
            cell: (x) =>
              x.status === 'needs_manager' ? (
                <span className="error-text">{t('receive.needsManager')}</span>
              ) : x.status === 'denied_at_hq' ? (
                <span className="muted">{t('reconcile.refunds.deniedAtHq')}</span>
              ) : (
                t('reconcile.refunds.ready')
              ),
          },
          { head: t('reconcile.col.due'), cell: (x) => <span className={`due-${x.urgency}`}>{`${x.due} · ${t(`reconcile.urgency.${x.urgency}`)}`}</span> },
          { head: t('reconcile.col.today'), cell: (x) => money(x.dayDeltaMinor, x.currency), className: 'amount' },
          { head: t('reconcile.col.total'), cell: (x) => money(x.totalMinor, x.currency), className: 'amount' },
        ]}
      />

      <h2>{t('reconcile.returns.heading')}</h2>
      <VirtualTable
        testId="returns-table"
        printing={printing}
        rows={r.returns}
        rowKey={(x) => x.rmaNo}
        columns={[
          { head: t('reconcile.col.rma'), cell: (x) => x.rmaNo, className: 'mono' },
          { head: t('reconcile.col.order'), cell: (x) => x.orderNo, className: 'mono' },
          { head: t('reconcile.col.customer'), cell: (x) => x.customer },
          { head: t('reconcile.col.expected'), cell: (x) => x.expectedQty, className: 'amount' },
          { head: t('reconcile.col.received'), cell: (x) => <Num title={x.rmaNo} ids={x.lpns} value={x.receivedQty} />, className: 'amount' },
          { head: t('reconcile.col.state'), cell: (x) => <span className={`state-${x.state}`}>{t(`reconcile.returnState.${x.state}`)}</span> },
        ]}
      />
      <p data-testid="unmatched-parcels">
        {t('reconcile.unmatched')}: <Num title={t('reconcile.unmatched')} ids={r.unmatchedParcels} />
      </p>

      <h2>{t('reconcile.variances.heading')}</h2>
      <ul className="exception-list" data-testid="variances">
        {r.weightVariances.length + r.late.length === 0 && <li className="empty">{t('reconcile.variances.none')}</li>}
        {[...r.weightVariances, ...r.late].map((x) => (
          <li key={x.id}>
            <strong>{t(`vocab.exceptionKinds.${x.kind}`)}</strong> · {x.rmaNo ?? t('receive.blindParcel')} · {time(x.createdAt)}
            {x.details[0] && <div className="small">{t(`reasons.${x.details[0].key}`, { ...x.details[0].params, currency: currencyOf(x.rmaNo) })}</div>}
          </li>
        ))}
      </ul>

      <h2>{t('reconcile.gifts.heading')}</h2>
      <p data-testid="gifts">
        {t('reconcile.gifts.summary', {
          returned: r.gifts.returned,
          missing: r.gifts.missing,
          storeMissed: r.gifts.storeMissed,
          extra: r.gifts.extra,
          damaged: r.gifts.damaged,
        })}
      </p>

      <h2>{t('reconcile.clerks.heading')}</h2>
      <table className="table" data-testid="clerks">
        <thead>
          <tr>
            <th>{t('reconcile.col.clerk')}</th>
            <th>{t('reconcile.col.parcels')}</th>
            <th>{t('reconcile.col.units')}</th>
            <th>{t('reconcile.col.perHour')}</th>
            <th>{t('reconcile.col.steps')}</th>
          </tr>
        </thead>
        <tbody>
          {r.clerks.map((c) => (
            <tr key={c.clerkId}>
              <td>{c.name}</td>
              <td className="amount">{c.parcels}</td>
              <td className="amount">{c.units}</td>
              <td className="amount">{c.unitsPerHour ?? '—'}</td>
              <td className="small">
                {Object.entries(c.stepSeconds)
                  .map(([action, s]) => `${t(`reconcile.steps.${action}`, { defaultValue: action })} ${s}s`)
                  .join(' · ')}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <p data-testid="regrades">{t('reconcile.regrades', { agree: r.regrades.agree, count: r.regrades.count })}</p>
    </>
  );
}
