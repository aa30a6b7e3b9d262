import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { hq, problemOf } from '../api';
import { dateTime } from '../format';
import { ReturnDetail } from './ReturnDetail';

interface Hit {
  warehouse_id: string;
  rma_no: string;
  matched_by: string;
  order_no: string | null;
  customer: string | null;
  channel: string | null;
  last_received_at: string | null;
}

const queryOf = () => decodeURIComponent(/^#\/returns\/?(.*)$/.exec(location.hash)?.[1] ?? '');

/** Customer service's question, "where is my refund?": find the return by whatever the customer quotes. */
export function Returns() {
  const { t, i18n } = useTranslation();
  const [q, setQ] = useState(queryOf());
  const [hits, setHits] = useState<Hit[] | null>(null);
  const [open, setOpen] = useState<Hit | null>(null);
  const [problem, setProblem] = useState<string>();

  const search = async (text: string) => {
    setProblem(undefined);
    setOpen(null);
    try {
      const rows = (await hq.call('findReturns', { query: { q: text.trim() } })).rows as Hit[];
      setHits(rows);
      if (rows.length === 1) setOpen(rows[0]!);
      history.replaceState(null, '', `#/returns/${encodeURIComponent(text.trim())}`);
    } catch (err) {
      setProblem(problemOf(t, err));
    }
  };
  // biome-ignore lint/correctness/useExhaustiveDependencies: a link to a return searches once, when opened
  useEffect(() => {
    if (q.trim()) void search(q);
  }, []);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (q.trim()) void search(q);
  };

  return (
    <section data-testid="returns">
      <div className="head">
        <h1>{t('returns.heading')}</h1>
        <form className="search" onSubmit={submit}>
          <input
            value={q}
            onChange={(e) => setQ(e.target.value)}
            placeholder={t('returns.placeholder')}
            aria-label={t('returns.placeholder')}
            data-testid="find"
            autoFocus
          />
          <button type="submit" className="primary">
            {t('returns.find')}
          </button>
        </form>
      </div>
      {problem && <p className="error">{problem}</p>}
      {hits && hits.length === 0 && <p className="muted">{t('returns.nothing', { q })}</p>}
      {hits && hits.length > 1 && (
        <table className="table" data-testid="hits">
          <thead>
            <tr>
              <th>{t('returns.rma')}</th>
              <th>{t('returns.order')}</th>
              <th>{t('returns.customer')}</th>
              <th>{t('returns.warehouse')}</th>
              <th>{t('returns.lastReceived')}</th>
            </tr>
          </thead>
          <tbody>
            {hits.map((h) => (
              <tr key={`${h.warehouse_id}/${h.rma_no}`} aria-current={open?.rma_no === h.rma_no ? 'true' : undefined}>
                <td>
                  <button type="button" className="link" onClick={() => setOpen(h)}>
                    {h.rma_no}
                  </button>
                </td>
                <td>{h.order_no ?? '—'}</td>
                <td>{h.customer ?? '—'}</td>
                <td>{h.warehouse_id}</td>
                <td>{dateTime(h.last_received_at, i18n.language)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {open && <ReturnDetail key={`${open.warehouse_id}/${open.rma_no}`} warehouseId={open.warehouse_id} rmaNo={open.rma_no} />}
    </section>
  );
}
