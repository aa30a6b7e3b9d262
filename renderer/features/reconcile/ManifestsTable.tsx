import { useTranslation } from 'react-i18next';
import { formatWeight } from '../../i18n/weight';
import type { StationDay } from '../../ledger';
import { useUserNames } from '../../shell/use-user-names';

/** The day's closed containers, each with its manifest (route, vendor, weight, the LPNs in it): printed in the day's PDF. */
export function ManifestsTable({ manifests }: { manifests: StationDay['manifests'] }) {
  const { t, i18n } = useTranslation();
  const nameOf = useUserNames();
  return (
    <>
      <h2>{t('reconcile.manifests.heading', { count: manifests.length })}</h2>
      {manifests.length === 0 ? (
        <p className="empty">{t('reconcile.manifests.none')}</p>
      ) : (
        <table className="table" data-testid="manifests">
          <thead>
            <tr>
              <th>{t('reconcile.manifests.container')}</th>
              <th>{t('bench.route')}</th>
              <th>{t('reconcile.manifests.closed')}</th>
              <th className="num">{t('reconcile.manifests.weight')}</th>
              <th>{t('reconcile.manifests.units')}</th>
            </tr>
          </thead>
          <tbody>
            {manifests.map((m) => (
              <tr key={m.id}>
                <td className="mono">{m.id}</td>
                <td>
                  {t(`vocab.channels.${m.route}`)}
                  {m.vendor ? ` · ${m.vendor}` : ''}
                </td>
                <td>
                  {new Date(m.closedAt).toLocaleTimeString(i18n.language, { hour: '2-digit', minute: '2-digit' })} · {nameOf(m.closedBy)}
                </td>
                <td className="num">{formatWeight(t, m.weightGrams)}</td>
                <td>
                  {t('bench.units', { count: m.lpns.length })}: <span className="mono">{m.lpns.join(' ')}</span>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}
