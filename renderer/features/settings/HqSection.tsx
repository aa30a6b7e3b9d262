import { useLiveQuery } from 'dexie-react-hooks';
import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { saveFile } from '../../platform/save-file';
import type { HqLinkStatus } from '../../../shared/ipc/contract';
import { useAppServices } from '../../app-services';
import { StationError } from '../../../shared/errors';
import { errorMessage, errorText } from '../../errors';
import type { SyncStatus } from '../../sync/sync-engine';
import { installId, setLpnPrefix, syncCursor, unsentRecords } from '../../ledger';
import { useStation } from '../../station-context';

/**
 * HQ: the address, enrolment with a one-time code from HQ's admin, what this station is enrolled as,
 * and the records HQ refused (for the manager). The token stays in Node; the page never sees it.
 */
export function HqSection() {
  const { t, i18n } = useTranslation();
  const { api, settingsState } = useStation();
  const { db, sync } = useAppServices();
  const [link, setLink] = useState<HqLinkStatus | null>(null);
  const [url, setUrl] = useState(settingsState.settings.hq.url);
  const [code, setCode] = useState('');
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const [busy, setBusy] = useState(false);
  /** HQ said another computer holds this station id: a manager may replace it, on purpose. */
  const [taken, setTaken] = useState(false);
  const [replace, setReplace] = useState(false);
  const [syncStatus, setSyncStatus] = useState<SyncStatus | null>(null);
  useEffect(() => sync?.subscribe(setSyncStatus), [sync]);
  const refresh = useCallback(async () => setLink(await api.hqStatus()), [api]);
  useEffect(() => void refresh(), [refresh]);
  const rejected = useLiveQuery(() => db.syncRejections.orderBy('seq').reverse().limit(20).toArray(), [db]) ?? [];

  const enrol = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setMessage(null);
    try {
      const status = await api.hqEnrol({ url: url.trim(), code: code.trim(), installId: await installId(db), ...(taken && replace ? { replace: true } : {}) });
      if (status.lpnPrefix) await setLpnPrefix(db, status.lpnPrefix);
      setLink(status);
      setCode('');
      setTaken(false);
      setReplace(false);
      setMessage({ ok: true, text: t('hq.enrolled', { station: status.stationId, warehouse: status.warehouseId }) });
      sync?.wake();
    } catch (err) {
      if (err instanceof StationError && err.code === 'station_taken') setTaken(true);
      setMessage({ ok: false, text: errorMessage(t, err) });
    } finally {
      setBusy(false);
    }
  };

  /**
   * Recovery: every record HQ has not acknowledged, as one JSON file (a station about to be replaced,
   * a store about to be cleared). HQ can take them in by their install id and sequence numbers.
   */
  const exportUnsent = async () => {
    const { ackSeq } = await syncCursor(db);
    const rows = await unsentRecords(db, ackSeq, 1_000_000);
    const doc = { installId: await installId(db), stationId: settingsState.settings.station.id, exportedAt: new Date().toISOString(), ackSeq, records: rows };
    saveFile(
      new Blob([JSON.stringify(doc, null, 2)], { type: 'application/json' }),
      `unsent-${settingsState.settings.station.id}-${doc.exportedAt.slice(0, 19).replace(/:/g, '')}.json`,
    );
    setMessage({ ok: true, text: t('hq.exported', { count: rows.length }) });
  };

  return (
    <div data-testid="hq">
      {link?.enrolled ? (
        <p data-testid="hq-enrolled">
          {t('hq.enrolledAs', {
            station: link.stationId,
            warehouse: link.warehouseId,
            prefix: link.lpnPrefix,
            when: link.enrolledAt ? new Date(link.enrolledAt).toLocaleString(i18n.language) : '',
          })}{' '}
          <span className="muted">{t(`hq.tokenStorage.${link.tokenStorage}`)}</span>
        </p>
      ) : (
        <p className="muted">{t('hq.notEnrolled')}</p>
      )}
      <form className="form row" onSubmit={(e) => void enrol(e)}>
        <label>
          {t('hq.url')}
          <input value={url} onChange={(e) => setUrl(e.target.value)} placeholder="https://hq.example.com" autoComplete="off" inputMode="url" />
        </label>
        <label>
          {t('hq.code')}
          <input value={code} onChange={(e) => setCode(e.target.value)} placeholder="ABCD-EFGH-JKLM-NPQR" autoComplete="off" />
        </label>
        {taken && (
          <label className="inline" data-testid="hq-replace">
            <input type="checkbox" checked={replace} onChange={(e) => setReplace(e.target.checked)} />{' '}
            {t('hq.replace', { station: settingsState.settings.station.id })}
          </label>
        )}
        <button type="submit" className="primary" disabled={busy || !url.trim() || code.trim().length < 8 || (taken && !replace)}>
          {link?.enrolled ? t('hq.reenrol') : t('hq.enrol')}
        </button>
      </form>
      {syncStatus?.lastError && (syncStatus.state === 'needs_person' || syncStatus.state === 'offline') && (
        // Why records are not going to HQ, in the UI's words, with HQ's code for its administrator.
        <p role="alert" className={syncStatus.state === 'needs_person' ? 'error-text' : 'muted'} data-testid="hq-sync-problem">
          {t(`status.syncState.${syncStatus.state}`)}: {errorText(t, syncStatus.lastError.code, syncStatus.lastError.message)}{' '}
          <span className="muted mono">({syncStatus.lastError.code})</span>
        </p>
      )}
      {link?.enrolled && (
        <p>
          <button type="button" onClick={() => sync?.wake()}>
            {t('hq.syncNow')}
          </button>{' '}
          <button type="button" onClick={() => void exportUnsent()}>
            {t('hq.exportUnsent')}
          </button>
        </p>
      )}
      {message && (
        <p role="status" className={message.ok ? 'ok-text' : 'error-text'}>
          {message.text}
        </p>
      )}
      {rejected.length > 0 && (
        <div data-testid="hq-rejected">
          <h3>{t('hq.rejectedHeading')}</h3>
          <ul>
            {rejected.map((r) => (
              <li key={r.seq}>
                #{r.seq} {r.type}: {r.message} <span className="muted mono">({r.code})</span>
              </li>
            ))}
          </ul>
        </div>
      )}
    </div>
  );
}
