import { useLiveQuery } from 'dexie-react-hooks';
import { formatWeight } from '../../i18n/weight';
import { useTranslation } from 'react-i18next';
import { useAppServices } from '../../app-services';

/** The records behind a number: units by LPN, parcels, exceptions or label jobs by their ids. */
export function RecordsPanel({ title, ids, onClose }: { title: string; ids: string[]; onClose(): void }) {
  const { t, i18n } = useTranslation();
  const { db } = useAppServices();
  const rows = useLiveQuery(async () => {
    const [units, parcels, exceptions] = await Promise.all([db.units.bulkGet(ids), db.parcels.bulkGet(ids), db.exceptions.bulkGet(ids)]);
    return ids.map((id, i) => {
      const u = units[i];
      if (u)
        return {
          id,
          text: `${u.rmaNo ?? t('receive.blindParcel')} · ${u.scan.gtin ?? u.scan.raw} · ${t('receive.grade')} ${u.grade} · ${u.disposition ? t(`vocab.dispositions.${u.disposition}`) : '—'} → ${u.channel ? t(`vocab.channels.${u.channel}`) : '—'} · ${u.clerkId} · ${new Date(u.inspectedAt).toLocaleString(i18n.language)}`,
        };
      const p = parcels[i];
      if (p)
        return {
          id,
          text: `${p.rmaNos.join(', ') || t('receive.blindParcel')} · ${p.trackingNumber ?? '—'} · ${t(`history.status.${p.status}`)} · ${p.weight ? formatWeight(t, p.weight.grams) : '—'} · ${new Date(p.openedAt).toLocaleString(i18n.language)}`,
        };
      const x = exceptions[i];
      if (x)
        return {
          id,
          text: `${t(`vocab.exceptionKinds.${x.kind}`)} · ${x.rmaNo ?? '—'} · ${x.status === 'open' ? t('reconcile.open') : t('reconcile.resolved')}`,
        };
      return { id, text: '' };
    });
  }, [db, ids.join(), i18n.language]);
  return (
    <section className="records-panel no-print" aria-label={title} data-testid="records">
      <div className="section-head">
        <h3>
          {title} · {ids.length}
        </h3>
        <button type="button" onClick={onClose}>
          {t('reconcile.closeRecords')}
        </button>
      </div>
      <ul>
        {(rows ?? []).map((r) => (
          <li key={r.id}>
            <span className="mono">{r.id}</span> {r.text}
          </li>
        ))}
      </ul>
    </section>
  );
}
