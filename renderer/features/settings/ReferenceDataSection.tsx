import { useLiveQuery } from 'dexie-react-hooks';
import { useState, type ChangeEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { parseReferenceFile, type ReferenceImport } from '../../../shared/reference/import';
import { sampleReference } from '../../../shared/reference/sample-data';
import { useAppServices } from '../../app-services';
import { applyReferenceImport, referenceCounts } from '../../ledger';
import { SampleGuide } from './SampleGuide';

const SHOWN_PROBLEMS = 50;

/** Expected returns, catalog and policies on this station, and how to load them before HQ sync exists. */
export function ReferenceDataSection() {
  const { t } = useTranslation();
  const { db, actor } = useAppServices();
  const counts = useLiveQuery(() => referenceCounts(db), [db]);
  // Sample data (with its sample manager PIN) is for a new, empty station only: never mixed into real work.
  const empty = useLiveQuery(async () => (await db.parcels.count()) === 0 && (await db.expectedReturns.count()) === 0 && (await db.users.count()) === 0, [db]);
  const [checked, setChecked] = useState<{ name: string; result: ReferenceImport } | null>(null);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);

  const choose = async (e: ChangeEvent<HTMLInputElement>) => {
    const file = e.target.files?.[0];
    e.target.value = '';
    setMessage(null);
    if (!file) return;
    setChecked({ name: file.name, result: parseReferenceFile(file.name, await file.text()) });
  };
  const apply = async (name: string, data: ReferenceImport) => {
    try {
      const n = await applyReferenceImport(db, actor, data, name);
      setChecked(null);
      setMessage({ ok: true, text: t('reference.applied', { name, ...n }) });
    } catch (err) {
      setMessage({ ok: false, text: (err as Error).message });
    }
  };

  return (
    <div data-testid="reference-data">
      <p data-testid="reference-counts">{counts ? t('reference.counts', counts) : '…'}</p>
      <div className="form-actions">
        <label className="file-button">
          {t('reference.importFile')}
          <input type="file" accept=".csv,.json,text/csv,application/json" onChange={(e) => void choose(e)} data-testid="reference-file" />
        </label>
        {empty && (
          <button type="button" onClick={() => void apply('sample-data', { ok: true, ...sampleReference(new Date()) })}>
            {t('reference.loadSample')}
          </button>
        )}
      </div>
      <p className="muted small">{t('reference.formats')}</p>
      <SampleGuide />
      {checked?.result.ok === true && (
        <div className="banner ok" data-testid="reference-ready">
          <p>
            {t('reference.ready', {
              name: checked.name,
              expectedReturns: checked.result.expectedReturns.length,
              catalog: checked.result.catalog.length,
              policies: checked.result.policies.length,
            })}
          </p>
          <button type="button" className="primary" onClick={() => void apply(checked.name, checked.result)}>
            {t('reference.apply')}
          </button>
        </div>
      )}
      {checked?.result.ok === false && (
        <div className="banner error" role="alert" data-testid="reference-problems">
          <div>
            <p>
              <strong>{t('reference.problems', { name: checked.name, count: checked.result.problems.length })}</strong>
            </p>
            <ul>
              {checked.result.problems.slice(0, SHOWN_PROBLEMS).map((p, i) => (
                <li key={i}>{p.line > 0 ? t('reference.line', { line: p.line, message: p.message }) : p.message}</li>
              ))}
            </ul>
            {checked.result.problems.length > SHOWN_PROBLEMS && <p>{t('reference.more', { count: checked.result.problems.length - SHOWN_PROBLEMS })}</p>}
          </div>
        </div>
      )}
      {message && (
        <p role="status" className={message.ok ? 'ok-text' : 'error-text'}>
          {message.text}
        </p>
      )}
    </div>
  );
}
