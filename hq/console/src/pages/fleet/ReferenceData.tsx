import type { TFunction } from 'i18next';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { hq, HqCallError, problemOf } from '../../api';
import { dateTime } from '../../format';

interface Summary {
  warehouseId: string;
  kind: string;
  rows: number;
  loadedAt: string | null;
  loadedBy: string | null;
}

/**
 * A warehouse's reference data (expected returns, catalog, policies, station users), loaded at HQ from
 * CSV or JSON files under the station's own import rules — a file with any problem loads nothing and says
 * which lines — or the sample, for a demo. Stations get it with their next pull.
 */
export function ReferenceData({ warehouseId, zone }: { warehouseId: string; zone: string }) {
  const { t, i18n } = useTranslation();
  const [summary, setSummary] = useState<Summary[]>([]);
  const [message, setMessage] = useState<{ ok: boolean; lines: (t: TFunction) => string[] }>();
  const [busy, setBusy] = useState(false);
  const reload = () =>
    hq
      .call('adminReference', { query: { warehouse: warehouseId } })
      .then((r) => setSummary(r.rows as Summary[]))
      .catch((err) => setMessage({ ok: false, lines: (t) => [problemOf(t, err)] }));
  // biome-ignore lint/correctness/useExhaustiveDependencies: read once per warehouse shown
  useEffect(() => {
    void reload();
  }, [warehouseId]);

  const run = async (what: () => Promise<{ rows: number }>) => {
    setBusy(true);
    try {
      const { rows } = await what();
      setMessage({ ok: true, lines: (t) => [t('reference.loaded', { count: rows })] });
      await reload();
    } catch (err) {
      // HQ names each file and line that is wrong: one line each, under the headline in the UI's language.
      const detail = err instanceof HqCallError && err.code === 'invalid_request' ? err.message.split('; ') : [];
      setMessage({ ok: false, lines: (t) => [problemOf(t, err), ...detail] });
    } finally {
      setBusy(false);
    }
  };
  const upload = async (files: FileList | null) => {
    if (!files || files.length === 0) return;
    const read = await Promise.all([...files].map(async (f) => ({ name: f.name, text: await f.text() })));
    await run(() => hq.call('adminLoadReference', { params: { warehouseId }, body: { files: read } }));
  };
  const last = summary.find((s) => s.loadedAt);
  return (
    <div className="reference" data-testid={`reference-${warehouseId}`}>
      <h3>{t('reference.heading')}</h3>
      <p>
        {summary.map((s) => t(`reference.kinds.${s.kind}`, { count: s.rows })).join(' · ')}
        {last?.loadedAt && <span className="muted"> · {t('reference.last', { when: dateTime(last.loadedAt, i18n.language, zone), who: last.loadedBy })}</span>}
      </p>
      <div className="inline">
        <label className="file">
          {t('reference.upload')}
          <input
            type="file"
            accept=".csv,.json,text/csv,application/json"
            multiple
            disabled={busy}
            onChange={(e) => void upload(e.target.files)}
            data-testid="reference-file"
          />
        </label>
        <button type="button" disabled={busy} onClick={() => void run(() => hq.call('adminLoadSample', { params: { warehouseId } }))} data-testid="load-sample">
          {t('reference.sample')}
        </button>
      </div>
      {message && (
        <ul className={message.ok ? 'ok' : 'error'} role="status" data-testid="reference-message">
          {message.lines(t).map((l, i) => (
            <li key={i}>{l}</li>
          ))}
        </ul>
      )}
    </div>
  );
}
