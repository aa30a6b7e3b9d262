import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { HqUser } from '../../../../shared/hq-api/people';
import { addDays } from '../../../../shared/returns/dates';
import { hq, problemOf } from '../api';
import { ago, money, todayIn } from '../format';

interface Warehouse {
  warehouseId: string;
  name: string;
  timeZone: string;
}
type Row = Record<string, unknown>;
interface Figures {
  from: string;
  to: string;
  intake: { day: string; station_id: string; parcels: number; units: number }[];
  due: { currency: string; delta_minor: number; overdue: boolean }[];
  exceptions: { created_at: string }[];
  containers: { status: string }[];
  closes: Row[];
  stations: {
    stationId: string;
    state: string;
    lastPushAt: string | null;
    lastSeq: number;
    appVersion: string | null;
    clockSkewMs: number | null;
    recordsWaiting: number | null;
    auditBrokenAt: string | null;
    auditEvents: number;
  }[];
}

const RANGES = [1, 7, 30] as const;

/** A station's clock against HQ's, as a person reads it (a few seconds is the network, minutes are a wrong clock). */
function skew(ms: number | null, t: (key: string, o?: Record<string, unknown>) => string): string {
  if (ms === null) return '—';
  const seconds = Math.round(ms / 1000);
  if (Math.abs(seconds) < 5) return t('fleet.clockOk');
  return Math.abs(seconds) < 120
    ? t(seconds > 0 ? 'fleet.clockAheadS' : 'fleet.clockBehindS', { count: Math.abs(seconds) })
    : t(seconds > 0 ? 'fleet.clockAheadM' : 'fleet.clockBehindM', { count: Math.round(Math.abs(seconds) / 60) });
}

/** One warehouse's figures over the range, counted in its own time zone. */
async function load(w: Warehouse, days: number): Promise<Figures> {
  const to = todayIn(w.timeZone);
  const from = addDays(to, -(days - 1));
  const range = { from, to, tz: w.timeZone, warehouse: w.warehouseId };
  const [intake, due, exceptions, containers, closes, stations] = await Promise.all([
    hq.call('intake', { query: range }),
    hq.call('refundsDue', { query: { warehouse: w.warehouseId } }),
    hq.call('exceptions', { query: { warehouse: w.warehouseId } }),
    // Containers still open may have been opened any day this month.
    hq.call('containers', { query: { ...range, from: addDays(to, -60) } }),
    hq.call('dayCloses', { query: range }),
    hq.call('adminStations', { query: { warehouse: w.warehouseId } }),
  ]);
  return {
    from,
    to,
    intake: intake.rows as Figures['intake'],
    due: due.rows as Figures['due'],
    exceptions: exceptions.rows as Figures['exceptions'],
    containers: containers.rows as Figures['containers'],
    closes: closes.rows as Row[],
    stations: stations.rows,
  };
}

export function Overview({ user }: { user: HqUser }) {
  const { t } = useTranslation();
  const [days, setDays] = useState<number>(1);
  const [warehouses, setWarehouses] = useState<Warehouse[]>([]);
  const [figures, setFigures] = useState<Record<string, Figures>>({});
  const [problem, setProblem] = useState<string>();

  useEffect(() => {
    let live = true;
    (async () => {
      try {
        const list = (await hq.call('adminWarehouses')).rows as Warehouse[];
        if (!live) return;
        setWarehouses(list);
        const all = await Promise.all(list.map(async (w) => [w.warehouseId, await load(w, days)] as const));
        if (live) setFigures(Object.fromEntries(all));
      } catch (err) {
        if (live) setProblem(problemOf(t, err));
      }
    })();
    return () => {
      live = false;
    };
  }, [days, t]);

  return (
    <section data-testid="overview">
      <div className="head">
        <h1>{t('overview.heading')}</h1>
        <fieldset className="segmented">
          <legend className="muted">{t('overview.range')}</legend>
          {RANGES.map((d) => (
            <button key={d} type="button" aria-pressed={days === d} onClick={() => setDays(d)}>
              {d === 1 ? t('overview.today') : t('overview.days', { count: d })}
            </button>
          ))}
        </fieldset>
      </div>
      {problem && <p className="error">{problem}</p>}
      {warehouses.length === 0 && !problem && <p className="muted">{t(user.warehouseId ? 'overview.noWarehouse' : 'overview.noWarehouses')}</p>}
      {warehouses.map((w) => (
        <WarehouseCard key={w.warehouseId} warehouse={w} figures={figures[w.warehouseId]} />
      ))}
    </section>
  );
}

function WarehouseCard({ warehouse: w, figures: f }: { warehouse: Warehouse; figures: Figures | undefined }) {
  const { t, i18n } = useTranslation();
  if (!f)
    return (
      <article className="card">
        <h2>{w.name}</h2>
        <p className="muted">…</p>
      </article>
    );
  const sum = (k: 'parcels' | 'units') => f.intake.reduce((n, r) => n + r[k], 0);
  const dueBy = new Map<string, { count: number; minor: number; overdue: number }>();
  for (const d of f.due) {
    const x = dueBy.get(d.currency) ?? { count: 0, minor: 0, overdue: 0 };
    dueBy.set(d.currency, { count: x.count + 1, minor: x.minor + d.delta_minor, overdue: x.overdue + (d.overdue ? 1 : 0) });
  }
  const ageDays = (iso: string) => (Date.now() - Date.parse(iso)) / 86_400_000;
  const byAge = [
    f.exceptions.filter((x) => ageDays(x.created_at) < 1).length,
    f.exceptions.filter((x) => ageDays(x.created_at) >= 1 && ageDays(x.created_at) < 3).length,
    f.exceptions.filter((x) => ageDays(x.created_at) >= 3).length,
  ];
  const stations = [...new Set(f.intake.map((r) => r.station_id))].sort();
  const chart = [...new Set(f.intake.map((r) => r.day))].sort().map((day) => ({
    day,
    ...Object.fromEntries(stations.map((s) => [s, f.intake.filter((r) => r.day === day && r.station_id === s).reduce((n, r) => n + r.units, 0)])),
  }));
  const closed = f.closes.filter((c) => c.status === 'closed').length;
  return (
    <article className="card" data-testid={`warehouse-${w.warehouseId}`}>
      <h2>
        {w.name}{' '}
        <span className="muted">
          · {w.warehouseId} · {t('overview.zone', { zone: w.timeZone, from: f.from, to: f.to })}
        </span>
      </h2>
      <dl className="figures">
        <div>
          <dt>{t('overview.parcels')}</dt>
          <dd data-testid="fig-parcels">{sum('parcels')}</dd>
        </div>
        <div>
          <dt>{t('overview.units')}</dt>
          <dd data-testid="fig-units">{sum('units')}</dd>
        </div>
        <div>
          <dt>{t('overview.refundsDue')}</dt>
          <dd data-testid="fig-due">
            {dueBy.size === 0
              ? t('overview.none')
              : [...dueBy].map(([c, x]) => (
                  <span key={c} className="line">
                    {t('overview.dueLine', { count: x.count, amount: money(x.minor, c, i18n.language) })}
                    {x.overdue > 0 && <strong className="bad"> · {t('overview.overdue', { count: x.overdue })}</strong>}
                  </span>
                ))}
          </dd>
        </div>
        <div>
          <dt>{t('overview.exceptions')}</dt>
          <dd data-testid="fig-exceptions">
            {f.exceptions.length === 0 ? t('overview.none') : t('overview.exceptionAges', { fresh: byAge[0], older: byAge[1], old: byAge[2] })}
          </dd>
        </div>
        <div>
          <dt>{t('overview.containersOpen')}</dt>
          <dd data-testid="fig-containers">{f.containers.filter((c) => c.status === 'open').length}</dd>
        </div>
        <div>
          <dt>{t('overview.dayCloses')}</dt>
          <dd>{t('overview.closedOf', { closed, stations: f.stations.filter((s) => s.state === 'enrolled').length })}</dd>
        </div>
      </dl>
      {chart.length > 0 && (
        <figure className="chart">
          <figcaption className="muted">{t('overview.unitsChart')}</figcaption>
          <ResponsiveContainer width="100%" height={160}>
            <BarChart data={chart}>
              <CartesianGrid strokeDasharray="3 3" />
              <XAxis dataKey="day" />
              <YAxis allowDecimals={false} />
              <Tooltip />
              <Legend />
              {stations.map((s, i) => (
                <Bar key={s} dataKey={s} stackId="units" fill={['#1d4ed8', '#059669', '#d97706', '#7c3aed'][i % 4]} isAnimationActive={false} />
              ))}
            </BarChart>
          </ResponsiveContainer>
        </figure>
      )}
      <table className="table" data-testid="stations">
        <thead>
          <tr>
            <th>{t('fleet.station')}</th>
            <th>{t('fleet.state')}</th>
            <th>{t('fleet.lastPush')}</th>
            <th className="num">{t('fleet.records')}</th>
            <th className="num">{t('fleet.waiting')}</th>
            <th>{t('fleet.version')}</th>
            <th>{t('fleet.clock')}</th>
            <th>{t('fleet.audit')}</th>
          </tr>
        </thead>
        <tbody>
          {f.stations.map((s) => (
            <tr key={s.stationId}>
              <td>{s.stationId}</td>
              <td>{t(`fleet.states.${s.state}`)}</td>
              <td className={s.state === 'enrolled' && (!s.lastPushAt || Date.now() - Date.parse(s.lastPushAt) > 3_600_000) ? 'bad' : ''}>
                {ago(s.lastPushAt, t)}
              </td>
              <td className="num">{s.lastSeq}</td>
              <td className={`num ${(s.recordsWaiting ?? 0) > 500 ? 'bad' : ''}`}>{s.recordsWaiting ?? '—'}</td>
              <td>{s.appVersion ?? '—'}</td>
              <td className={s.clockSkewMs !== null && Math.abs(s.clockSkewMs) > 60_000 ? 'bad' : ''}>{skew(s.clockSkewMs, t)}</td>
              <td className={s.auditBrokenAt ? 'bad' : ''}>
                {s.auditBrokenAt ? t('fleet.auditBroken', { when: ago(s.auditBrokenAt, t) }) : t('fleet.auditOk', { count: s.auditEvents })}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </article>
  );
}
