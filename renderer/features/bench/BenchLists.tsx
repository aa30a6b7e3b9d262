import { useTranslation } from 'react-i18next';
import type { Bench } from './use-bench';

const ageDays = (from: string, now: number) => Math.max(0, Math.floor((now - Date.parse(from)) / 86_400_000));

/** What the bench still has to do: open containers (oldest first, with their age) and the units waiting for one. */
export function BenchLists({ b }: { b: Bench }) {
  const { t, i18n } = useTranslation();
  const now = Date.now();
  const time = (iso: string) => new Date(iso).toLocaleTimeString(i18n.language, { hour: '2-digit', minute: '2-digit' });
  return (
    <aside className="bench-lists">
      <h2>{t('bench.openContainers', { count: b.open.length })}</h2>
      {b.open.length === 0 ? (
        <p className="empty">{t('bench.noOpenContainers')}</p>
      ) : (
        <ul data-testid="bench-open">
          {b.open.slice(0, 10).map((c) => (
            <li key={c.id} aria-current={c.id === b.container?.id ? 'true' : undefined}>
              <span className="mono">{c.id}</span> · {t('bench.units', { count: c.count })} ·{' '}
              {ageDays(c.openedAt, now) > 0 ? t('bench.daysOld', { count: ageDays(c.openedAt, now) }) : time(c.openedAt)}
              <br />
              <span className="muted">
                {t(`vocab.channels.${c.route}`)}
                {c.vendor ? ` · ${c.vendor}` : ''}
              </span>
            </li>
          ))}
          {b.open.length > 10 && <li className="muted">{t('bench.andMore', { count: b.open.length - 10 })}</li>}
        </ul>
      )}
      <h2>{t('bench.awaiting', { count: b.awaiting.length })}</h2>
      {b.awaiting.length === 0 ? (
        <p className="empty">{t('bench.nothingAwaiting')}</p>
      ) : (
        <ul data-testid="bench-awaiting">
          {b.awaiting.slice(0, 8).map((u) => (
            <li key={u.lpn} aria-current={u.lpn === b.lpn ? 'true' : undefined}>
              <span className="mono">{u.lpn}</span> · {t(`vocab.channels.${u.channel}`)} · <span className="muted">{time(u.inspectedAt)}</span>
            </li>
          ))}
          {b.awaiting.length > 8 && <li className="muted">{t('bench.andMore', { count: b.awaiting.length - 8 })}</li>}
        </ul>
      )}
    </aside>
  );
}
