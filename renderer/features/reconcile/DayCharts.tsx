import { Bar, BarChart, CartesianGrid, Tooltip, XAxis, YAxis } from 'recharts';
import { useTranslation } from 'react-i18next';
import type { DayReport } from '../../../shared/reports/day-report';

const SIZE = { width: 340, height: 190 };

/** The day at a glance: units by grade, by routing channel, and per clerk (SVG, so the PDF keeps them sharp). */
export function DayCharts({ report }: { report: DayReport }) {
  const { t } = useTranslation();
  const grades = report.units.byGrade.map((b) => ({ name: b.key, units: b.count }));
  const channels = report.units.byChannel.map((b) => ({ name: t(`vocab.channels.${b.key}`, { defaultValue: b.key }), units: b.count }));
  const clerks = report.clerks.map((c) => ({ name: c.name, units: c.units }));
  const charts = [
    { id: 'grade', title: t('reconcile.charts.byGrade'), data: grades, fill: '#2f6f4f' },
    { id: 'channel', title: t('reconcile.charts.byChannel'), data: channels, fill: '#2b5c8a' },
    { id: 'clerk', title: t('reconcile.charts.byClerk'), data: clerks, fill: '#8a5a2b' },
  ];
  return (
    <div className="charts" data-testid="day-charts">
      {charts.map((c) => (
        <figure key={c.id} className="chart" data-testid={`chart-${c.id}`}>
          <figcaption>{c.title}</figcaption>
          {c.data.every((d) => d.units === 0) ? (
            <p className="empty">{t('reconcile.noUnits')}</p>
          ) : (
            <BarChart {...SIZE} data={c.data} margin={{ top: 8, right: 8, bottom: 8, left: 0 }}>
              <CartesianGrid strokeDasharray="3 3" vertical={false} />
              <XAxis dataKey="name" interval={0} tick={{ fontSize: 12 }} />
              <YAxis allowDecimals={false} width={32} />
              <Tooltip />
              <Bar dataKey="units" name={t('reconcile.units')} fill={c.fill} isAnimationActive={false} label={{ position: 'top', fontSize: 12 }} />
            </BarChart>
          )}
        </figure>
      ))}
    </div>
  );
}
