import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { hq, problemOf } from '../api';
import { dateTime, money } from '../format';
import { Evidence } from './Evidence';

type Photo = { sha256: string; url: string };
interface Detail {
  rmaNo: string;
  steps: { at: string; step: string; detail: Record<string, string | number | undefined> }[];
  expected: {
    orderNo?: string;
    customer?: { name?: string };
    channel?: string;
    reason?: string;
    currency?: string;
    resolution?: string;
    lines?: { lineId: string; name: string; sku: string; qty: number; unitPriceMinor: number; isGift?: boolean }[];
  } | null;
  parcels: {
    parcel_id: string;
    station_id: string;
    opened_at: string;
    status: string;
    tracking_number: string | null;
    carrier: string | null;
    weight_grams: number | null;
    outer_condition: string | null;
    clerk_id: string | null;
    photos: Photo[];
  }[];
  units: {
    lpn: string;
    station_id: string;
    received_at: string;
    grade: string;
    disposition: string | null;
    channel: string | null;
    acceptance: string;
    clerk_id: string;
    gtin: string | null;
    match: string;
    photos: Photo[];
    answers: Record<string, 'yes' | 'no' | 'na'>;
  }[];
  tasks: { task_id: string; kind: string; status: string; amount_minor: number | null; currency: string | null; points: number | null; created_at: string }[];
  refunds: { station_id: string; decided_at: string; seq: number; currency: string; delta_minor: number; total_minor: number; hq_status: string }[];
  products: Record<string, string>;
  people: Record<string, string>;
}

/** One return for a person at HQ: what the customer sent back, each step in words and local time, each unit and its evidence. */
export function ReturnDetail({ warehouseId, rmaNo }: { warehouseId: string; rmaNo: string }) {
  const { t, i18n } = useTranslation();
  const [d, setD] = useState<Detail | null>(null);
  const [zone, setZone] = useState<string>();
  const [evidenceOf, setEvidenceOf] = useState<string | null>(null);
  const [problem, setProblem] = useState<string>();

  useEffect(() => {
    Promise.all([hq.call('timeline', { params: { rmaNo }, query: { warehouse: warehouseId } }), hq.call('adminWarehouses')])
      .then(([timeline, warehouses]) => {
        setD(timeline as unknown as Detail);
        setZone((warehouses.rows as { warehouseId: string; timeZone: string }[]).find((w) => w.warehouseId === warehouseId)?.timeZone);
      })
      .catch((err) => setProblem(problemOf(t, err)));
  }, [rmaNo, warehouseId, t]);

  if (problem) return <p className="error">{problem}</p>;
  if (!d) return <p className="muted">…</p>;
  const when = (iso: string) => dateTime(iso, i18n.language, zone);
  const person = (id: string | null | undefined) => (id ? (d.people[id] ?? id) : '—');
  const currency = d.expected?.currency ?? d.refunds[0]?.currency ?? 'CNY';
  const word = (group: string, value: string | null | undefined) => (value ? t(`vocab.${group}.${value}`, { defaultValue: value }) : '—');
  const stepText = (s: Detail['steps'][number]) => {
    const x = s.detail;
    switch (s.step) {
      case 'parcel_received':
        return t('steps.parcel_received', { station: x.station });
      case 'unit_decided':
        return t('steps.unit_decided', {
          lpn: x.lpn,
          grade: x.grade,
          disposition: word('dispositions', x.disposition as string),
          route: word('channels', x.channel as string),
          acceptance: word('acceptance', x.acceptance as string),
        });
      case 'refund_recommended':
      case 'refund_on_hold':
      case 'refund_denied':
        return t(`steps.${s.step}`, {
          amount: money(Number(x.deltaMinor), String(x.currency), i18n.language),
          total: money(Number(x.totalMinor), String(x.currency), i18n.language),
          station: x.station,
        });
      case 'exchange_decided':
        return t('steps.exchange_decided', { station: x.station });
      case 'day_closed':
        return t('steps.day_closed', { station: x.station, date: x.date });
      default:
        return s.step;
    }
  };

  return (
    <article className="card" data-testid="return">
      <h2>
        {d.rmaNo}
        {d.expected?.orderNo && <span className="muted"> · {t('returns.orderNo', { order: d.expected.orderNo })}</span>}
      </h2>
      {d.expected ? (
        <p data-testid="return-summary">
          {[
            d.expected.customer?.name,
            d.expected.channel && word('salesChannels', d.expected.channel),
            word('reasons', d.expected.reason),
            d.expected.resolution === 'exchange' ? t('returns.exchange') : null,
          ]
            .filter(Boolean)
            .join(' · ')}
        </p>
      ) : (
        <p className="muted">{t('returns.noReference')}</p>
      )}
      {d.expected?.lines && (
        <ul className="lines">
          {d.expected.lines.map((l) => (
            <li key={l.lineId}>
              {l.name} × {l.qty} · {money(l.unitPriceMinor, currency, i18n.language)}
              {l.isGift ? ` · ${t('returns.gift')}` : ''}
            </li>
          ))}
        </ul>
      )}

      <h3>{t('returns.timeline')}</h3>
      <ol className="timeline" data-testid="timeline">
        {d.steps.map((s, i) => (
          <li key={`${s.at}-${i}`}>
            <time dateTime={s.at}>{when(s.at)}</time> {stepText(s)}
          </li>
        ))}
      </ol>

      <h3>{t('returns.parcels')}</h3>
      {d.parcels.map((p) => (
        <div key={p.parcel_id} className="parcel" data-testid="parcel">
          <p>
            {[
              t('returns.parcelAt', { when: when(p.opened_at), station: p.station_id, clerk: person(p.clerk_id) }),
              p.tracking_number && t('returns.tracking', { tracking: p.tracking_number }),
              p.weight_grams !== null && t('returns.weight', { grams: p.weight_grams }),
              p.outer_condition && t('returns.box', { condition: word('outerConditions', p.outer_condition) }),
            ]
              .filter(Boolean)
              .join(' · ')}
          </p>
          {p.photos.length > 0 && <Photos photos={p.photos} />}
        </div>
      ))}

      <h3>{t('returns.units')}</h3>
      <table className="table" data-testid="units">
        <thead>
          <tr>
            <th>{t('returns.item')}</th>
            <th>LPN</th>
            <th>{t('returns.decision')}</th>
            <th>{t('returns.by')}</th>
            <th>{t('returns.photos')}</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {d.units.map((u) => (
            <tr key={u.lpn}>
              <td>{(u.gtin && d.products[u.gtin]) || u.gtin || '—'}</td>
              <td className="mono">{u.lpn}</td>
              <td>
                {t('returns.unitDecision', {
                  grade: u.grade,
                  disposition: word('dispositions', u.disposition),
                  route: word('channels', u.channel),
                  acceptance: word('acceptance', u.acceptance),
                })}
                {Object.keys(u.answers).length > 0 && (
                  <div className="checks" data-testid="checks">
                    {Object.entries(u.answers).map(([check, answer]) => (
                      <span key={check} className={answer === 'no' ? 'bad' : answer === 'yes' ? '' : 'muted'}>
                        {answer === 'yes' ? '✓' : answer === 'no' ? '✗' : '–'} {word('checks', check)}
                      </span>
                    ))}
                  </div>
                )}
              </td>
              <td>
                {person(u.clerk_id)} · {when(u.received_at)}
              </td>
              <td>
                <Photos photos={u.photos} />
              </td>
              <td>
                <button type="button" onClick={() => setEvidenceOf(u.lpn)} data-testid={`evidence-${u.lpn}`}>
                  {t('returns.evidence')}
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>

      {d.tasks.length > 0 && (
        <>
          <h3>{t('returns.tasks')}</h3>
          <ul data-testid="return-tasks">
            {d.tasks.map((k) => (
              <li key={k.task_id}>
                {when(k.created_at)} · {word('tasks', k.kind)} · {word('taskStatus', k.status)}
                {k.amount_minor !== null && k.currency ? ` · ${money(k.amount_minor, k.currency, i18n.language)}` : ''}
                {k.points !== null ? ` · ${t('queues.points', { count: k.points })}` : ''}
              </li>
            ))}
          </ul>
        </>
      )}

      <h3>{t('returns.refunds')}</h3>
      {d.refunds.length === 0 ? (
        <p className="muted">{t('returns.noRefund')}</p>
      ) : (
        <table className="table" data-testid="refunds">
          <tbody>
            {d.refunds.map((r) => (
              <tr key={`${r.station_id}-${r.seq}`}>
                <td>{when(r.decided_at)}</td>
                <td>{r.station_id}</td>
                <td className="num">{money(r.delta_minor, r.currency, i18n.language)}</td>
                <td>{t('returns.total', { total: money(r.total_minor, r.currency, i18n.language) })}</td>
                <td>{word('hqStatus', r.hq_status)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {evidenceOf && <Evidence lpn={evidenceOf} warehouseId={warehouseId} zone={zone} people={d.people} onClose={() => setEvidenceOf(null)} />}
    </article>
  );
}

export function Photos({ photos }: { photos: Photo[] }) {
  const { t } = useTranslation();
  if (photos.length === 0) return <span className="muted">—</span>;
  return (
    <span className="photos">
      {photos.map((p) => (
        <a key={p.sha256} href={p.url} target="_blank" rel="noreferrer">
          <img src={p.url} alt={t('returns.photo')} loading="lazy" />
        </a>
      ))}
    </span>
  );
}
