import { useTranslation } from 'react-i18next';
import { CONTAINER_ROUTES, type ContainerRoute } from '../../../shared/returns';
import { OpenContainerForm, ReasonForm } from './BenchForms';
import type { Bench } from './use-bench';

/** The unit in hand: its name, grade and route, the container it is in, and the open containers it may go into. */
export function InHandCard({ b }: { b: Bench }) {
  const { t } = useTranslation();
  const u = b.inHand;
  const routeOf = (route: string, vendor?: string) => `${t(`vocab.channels.${route}`)}${vendor ? ` · ${vendor}` : ''}`;
  const unitRoute = u?.unit.channel && (CONTAINER_ROUTES as string[]).includes(u.unit.channel) ? (u.unit.channel as ContainerRoute) : undefined;
  return (
    <div className="step-card" data-testid="bench-hand">
      <h2>{t('bench.inHand')}</h2>
      {!u ? (
        <p className="big-hint">{t('bench.scanUnit')}</p>
      ) : (
        <>
          <p className="item-name" data-testid="bench-unit-name">
            {u.name}
          </p>
          <p>
            <span className="mono">{u.unit.lpn}</span> · {t(`vocab.grades.${u.unit.grade}`)}
            {u.item?.size ? ` · ${t('bench.label.size', { size: u.item.size })}` : ''}
          </p>
          {b.goesNowhere ? (
            <p className="banner error" role="alert" data-testid="bench-goes-nowhere">
              {t(`reasons.${b.goesNowhere.key}`, b.goesNowhere.params)}
            </p>
          ) : (
            <p className="big-hint" data-testid="bench-route">
              → {routeOf(u.unit.channel ?? '', u.unit.channel === 'return_to_vendor' ? u.vendor : undefined)}
            </p>
          )}
          <p data-testid="bench-unit-container">
            {u.container
              ? t('bench.inContainer', { container: u.container.id, route: routeOf(u.container.route, u.container.vendor) })
              : t('bench.inNoContainerYet')}
          </p>
          {!b.goesNowhere && !u.container && (
            <p data-testid="bench-fits">
              {b.fits.length > 0
                ? t('bench.goesInto', { containers: b.fits.map((c) => `${c.id} (${c.count})`).join(', ') })
                : t('bench.noContainerFits', { route: routeOf(u.unit.channel ?? '', u.unit.channel === 'return_to_vendor' ? u.vendor : undefined) })}
            </p>
          )}
          {u.unit.relabelled && <p className="muted">{t('bench.shelfLabelled', { time: new Date(u.unit.relabelled.at).toLocaleString() })}</p>}
        </>
      )}
      {b.form?.kind === 'open' && (
        <OpenContainerForm
          route={unitRoute ?? 'restock'}
          routeKnown={!!unitRoute && !b.goesNowhere}
          vendor={u?.vendor ?? ''}
          onSubmit={(route, vendor) => void b.submitOpen(route, vendor)}
          onCancel={() => b.setForm(null)}
        />
      )}
      {b.form?.kind === 'takeOut' && (
        <ReasonForm
          testId="take-out"
          prompt={t('bench.takeOutWhy', { lpn: u?.unit.lpn ?? '' })}
          submitLabel={t('bench.takeOutSubmit')}
          onSubmit={(reason) => void b.submitTakeOut(reason)}
          onCancel={() => b.setForm(null)}
        />
      )}
      {b.form?.kind === 'move' && (
        <ReasonForm
          testId="move-unit"
          prompt={t('bench.moveWhy', { lpn: u?.unit.lpn ?? '', from: u?.unit.containerId ?? '', to: b.form.to })}
          submitLabel={t('bench.moveSubmit')}
          onSubmit={(reason) => b.form?.kind === 'move' && void b.putIn(b.form.to, reason)}
          onCancel={() => b.setForm(null)}
        />
      )}
    </div>
  );
}
