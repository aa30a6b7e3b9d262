import type { Reason } from '../../../shared/returns';
import { useTranslation } from 'react-i18next';
import { formatMinorUnits } from '../../i18n/money';
import type { Completed } from './use-receiving';

/** A reason said by a line and again by the return (a late notice, a fee waived) is listed once. */
const onceEach = (reasons: Reason[]) => [...new Map(reasons.map((r) => [`${r.key}|${JSON.stringify(r.params ?? {})}`, r])).values()];

/** The parcel just completed: its exceptions, and per return the refund now and what this parcel changed. */
export function CompletedPanel({ completed }: { completed: Completed }) {
  const { t, i18n } = useTranslation();
  const currency = completed.decisions[0]?.recommendation.currency ?? 'CNY';
  const money = (minor: number, cur = currency) => formatMinorUnits(minor, cur, i18n.language);
  return (
    <div className="completed" data-testid="completed">
      <h2>{t('receive.lastParcel', { rmaNo: completed.rmaNos.join(', ') || t('receive.blindParcel'), units: completed.units })}</h2>
      {completed.exceptions.length > 0 && (
        <ul className="exceptions" data-testid="completed-exceptions">
          {completed.exceptions.map((x) => (
            <li key={x.id}>
              <strong>{t(`vocab.exceptionKinds.${x.kind}`)}</strong>
              {x.details[0] && ` — ${t(`reasons.${x.details[0].key}`, { ...x.details[0].params, currency })}`}
            </li>
          ))}
        </ul>
      )}
      {completed.decisions.map((d) => {
        const rec = d.recommendation;
        return (
          <div key={d.id} className="refund" data-testid="refund">
            {d.exchange ? (
              <p className="refund-total" data-testid="exchange">
                {completed.decisions.length > 1 && `${d.rmaNo} · `}
                {t(`receive.exchange.${d.exchange.status}`)}
              </p>
            ) : (
              <p className="refund-total" data-testid="refund-total">
                {completed.decisions.length > 1 && `${d.rmaNo} · `}
                {rec.status === 'needs_manager'
                  ? t('receive.refundWaiting', { units: rec.lines.reduce((n, l) => n + l.pendingQty, 0), amount: money(rec.totalMinor, rec.currency) })
                  : `${t('receive.refund')}: ${money(rec.totalMinor, rec.currency)}`}
              </p>
            )}
            {d.exchange && (
              <ul>
                {d.exchange.reasons.map((reason, i) => (
                  <li key={`x${i}`}>{t(`reasons.${reason.key}`, reason.params)}</li>
                ))}
              </ul>
            )}
            {d.seq > 1 && (
              <p data-testid="refund-delta">
                {t('receive.refundDelta', { delta: money(d.deltaMinor, rec.currency), previous: money(d.previousTotalMinor, rec.currency) })}
              </p>
            )}
            {!d.complete && <p className="muted">{t('receive.returnAwaiting')}</p>}
            <ul>
              {/* For an exchange the line amounts are no refund: only why no money moves is said. */}
              {onceEach([
                ...(d.exchange ? [] : rec.lines.flatMap((l) => l.reasons)),
                ...rec.reasons.filter((x) => x.key !== 'refund.decision' && (!d.exchange || x.key === 'refund.exchangeNoRefund')),
              ]).map((reason, i) => (
                <li key={i}>{t(`reasons.${reason.key}`, { ...reason.params, currency: rec.currency })}</li>
              ))}
            </ul>
          </div>
        );
      })}
    </div>
  );
}
