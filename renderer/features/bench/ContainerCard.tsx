import { useTranslation } from 'react-i18next';
import { formatWeight } from '../../i18n/weight';
import { ManagerForm } from '../manager/ManagerForm';
import { useUserNames } from '../../shell/use-user-names';
import { CloseContainerForm } from './BenchForms';
import type { Bench } from './use-bench';

/** The container in front of the clerk: what it is for, what is in it, and its close. */
export function ContainerCard({ b }: { b: Bench }) {
  const { t, i18n } = useTranslation();
  const nameOf = useUserNames();
  const c = b.container;
  return (
    <div className="step-card" data-testid="bench-container" data-status={c?.status ?? 'none'}>
      <h2>{t('bench.container')}</h2>
      {!c ? (
        <p className="big-hint">{t('bench.scanContainer')}</p>
      ) : (
        <>
          <p className="container-id mono" data-testid="bench-container-id">
            {c.id}
          </p>
          <p className="big-hint">
            {t(`vocab.channels.${c.route}`)}
            {c.vendor ? ` · ${c.vendor}` : ''}
          </p>
          <p data-testid="bench-container-state">
            {c.status === 'open'
              ? t('bench.openSince', { count: b.contents.length, time: new Date(c.openedAt).toLocaleString(i18n.language), who: nameOf(c.openedBy) })
              : t('bench.closedAt', {
                  count: c.units ?? b.contents.length,
                  weight: formatWeight(t, c.weightGrams ?? 0),
                  time: new Date(c.closedAt ?? c.openedAt).toLocaleString(i18n.language),
                  who: nameOf(c.closedBy ?? ''),
                })}
          </p>
          {b.contents.length > 0 && (
            <ul className="bench-contents" data-testid="bench-contents">
              {b.contents.slice(0, 8).map((u) => (
                <li key={u.lpn}>
                  {u.name} <span className="muted mono">{u.lpn}</span>
                </li>
              ))}
              {b.contents.length > 8 && <li className="muted">{t('bench.andMore', { count: b.contents.length - 8 })}</li>}
            </ul>
          )}
        </>
      )}
      {b.form?.kind === 'close' && <CloseContainerForm stableGrams={b.stableGrams} onSubmit={(w) => void b.submitClose(w)} onCancel={() => b.setForm(null)} />}
      {b.form?.kind === 'reopen' && (
        <ManagerForm
          testId="reopen-container"
          submitLabel={t('bench.reopenSubmit')}
          onConfirm={(manager, reason) => b.submitReopen(manager.id, reason)}
          onCancel={() => b.setForm(null)}
        />
      )}
    </div>
  );
}
