import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useAppServices } from '../../app-services';
import { reprintJob } from '../labels/print-jobs';
import { searchHistory, type HistoryHit } from './history';

/** Find what was received by any code on it, and print a unit's label again. */
export function HistoryPanel() {
  const { t } = useTranslation();
  const { db, actor, printWorker } = useAppServices();
  const [code, setCode] = useState('');
  const [hits, setHits] = useState<HistoryHit[] | null>(null);
  const [message, setMessage] = useState('');
  const search = async (e: FormEvent) => {
    e.preventDefault();
    setHits(await searchHistory(db, code));
  };
  const reprint = async (labelJobId: string, lpn: string) => {
    await reprintJob(db, actor, labelJobId);
    printWorker?.wake();
    setMessage(t('labels.reprinted', { code: lpn }));
  };
  return (
    <div className="history" data-testid="history">
      <form className="form row" onSubmit={(e) => void search(e)}>
        <label>
          {t('history.code')}
          <input value={code} onChange={(e) => setCode(e.target.value)} autoComplete="off" placeholder="SF…, RMA-…, LPN…, 690…" />
        </label>
        <button type="submit">{t('history.search')}</button>
      </form>
      {message && <p className="ok-text" role="status">{message}</p>}
      {hits && hits.length === 0 && <p className="empty">{t('history.none', { code })}</p>}
      {hits?.map(({ parcel, units }) => (
        <div key={parcel.id} className="history-hit" data-testid="history-hit">
          <p>
            <strong>{parcel.rmaNo ?? t('receive.blindParcel')}</strong> · {parcel.trackingNumber ?? '—'} · {new Date(parcel.openedAt).toLocaleString()} · {t(`history.status.${parcel.status}`)} · {parcel.clerkId}
          </p>
          <ul>
            {units.map((u) => (
              <li key={u.lpn}>
                <span className="mono">{u.lpn}</span> · {u.scan.gtin ?? u.scan.raw} · {t('receive.grade')} {u.grade}
                {u.disposition && ` · ${t(`vocab.dispositions.${u.disposition}`)}`}
                {u.labelJobId && (
                  <button type="button" onClick={() => void reprint(u.labelJobId!, u.lpn)}>
                    {t('labels.reprint')}
                  </button>
                )}
              </li>
            ))}
          </ul>
        </div>
      ))}
    </div>
  );
}
