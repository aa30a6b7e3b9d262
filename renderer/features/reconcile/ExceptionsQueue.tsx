import { useLiveQuery } from 'dexie-react-hooks';
import { useState, type FormEvent } from 'react';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { useAppServices } from '../../app-services';
import { errorMessage } from '../../errors';
import { resolveException } from '../../ledger';
import type { StationUser } from '../../../shared/returns';

/** Open exceptions, oldest first; the manager of the session resolves each with a note. */
export function ExceptionsQueue({ manager }: { manager: StationUser }) {
  const { t, i18n } = useTranslation();
  const { db } = useAppServices();
  const open = useLiveQuery(() => db.exceptions.where('status').equals('open').sortBy('createdAt'), [db]) ?? [];
  // Amounts in an exception are in its return's currency.
  const currencyOf = useLiveQuery(
    async () =>
      new Map(
        (await db.expectedReturns.bulkGet([...new Set(open.flatMap((x) => (x.rmaNo ? [x.rmaNo] : [])))])).flatMap((r) =>
          r ? [[r.rmaNo, r.currency] as const] : [],
        ),
      ),
    [db, open.map((x) => x.id).join()],
  );
  const [selected, setSelected] = useState<string | null>(null);
  const [note, setNote] = useState('');
  const [message, setMessage] = useState<{ ok: boolean; text: (t: TFunction) => string } | null>(null);

  const resolve = async (e: FormEvent) => {
    e.preventDefault();
    if (!selected) return;
    try {
      await resolveException(db, { who: manager.id }, selected, note.trim());
      setSelected(null);
      setNote('');
      setMessage({ ok: true, text: (t) => t('exceptions.resolved', { name: manager.name }) });
    } catch (err) {
      setMessage({ ok: false, text: (t) => errorMessage(t, err) });
    }
  };

  return (
    <div data-testid="exceptions">
      {open.length === 0 && <p className="empty">{t('exceptions.none')}</p>}
      <ul className="exception-list">
        {open.map((x) => (
          <li key={x.id} data-testid="exception">
            <strong>{t(`vocab.exceptionKinds.${x.kind}`)}</strong> · {x.rmaNo ?? t('receive.blindParcel')} ·{' '}
            {new Date(x.createdAt).toLocaleString(i18n.language)}
            {x.details[0] && (
              <div className="small">
                {t(`reasons.${x.details[0].key}`, { ...x.details[0].params, currency: (x.rmaNo && currencyOf?.get(x.rmaNo)) || 'CNY' })}
              </div>
            )}
            <button type="button" onClick={() => setSelected(x.id)} aria-pressed={selected === x.id}>
              {t('exceptions.resolve')}
            </button>
            {/* The note is typed beside the exception it settles, not below the whole list. */}
            {selected === x.id && (
              <form className="form row" onSubmit={(e) => void resolve(e)} data-testid="resolve">
                <label>
                  {t('exceptions.note')}
                  <input value={note} onChange={(e) => setNote(e.target.value)} required minLength={3} autoFocus autoComplete="off" />
                </label>
                <button type="submit" className="primary">
                  {t('exceptions.resolve')}
                </button>
                <button type="button" onClick={() => setSelected(null)}>
                  {t('override.cancel')}
                </button>
              </form>
            )}
          </li>
        ))}
      </ul>
      {message && (
        <p role="status" className={message.ok ? 'ok-text' : 'error-text'}>
          {message.text(t)}
        </p>
      )}
    </div>
  );
}
