import type { TFunction } from 'i18next';
import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { hq, problemOf } from '../../api';
import { dateTime } from '../../format';

interface Key {
  id: string;
  name: string;
  warehouseId: string | null;
  createdAt: string;
  expiresAt: string | null;
  revokedAt: string | null;
}

/** Report keys for programs that read HQ's reports (a BI tool, a finance export): given, listed, revoked. */
export function ReportKeys({ warehouses }: { warehouses: { warehouseId: string; name: string }[] }) {
  const { t, i18n } = useTranslation();
  const [keys, setKeys] = useState<Key[]>([]);
  const [draft, setDraft] = useState({ name: '', warehouseId: '', days: '90' });
  const [message, setMessage] = useState<{ ok: boolean; text: (t: TFunction) => string; key?: string }>();
  const reload = useCallback(async () => setKeys((await hq.call('adminReportKeys')).rows), []);
  useEffect(() => {
    reload().catch((err) => setMessage({ ok: false, text: (t) => problemOf(t, err) }));
  }, [reload]);
  const issue = async (e: FormEvent) => {
    e.preventDefault();
    try {
      const { key } = await hq.call('adminIssueReportKey', {
        body: {
          name: draft.name.trim(),
          ...(draft.warehouseId ? { warehouseId: draft.warehouseId } : {}),
          ...(draft.days ? { days: Number(draft.days) } : {}),
        },
      });
      setMessage({ ok: true, text: (t) => t('keys.issued', { name: draft.name.trim() }), key });
      await reload();
    } catch (err) {
      setMessage({ ok: false, text: (t) => problemOf(t, err) });
    }
  };
  const revoke = async (k: Key) => {
    try {
      await hq.call('adminRevokeReportKey', { params: { id: k.id } });
      setMessage({ ok: true, text: (t) => t('keys.revoked', { name: k.name }) });
      await reload();
    } catch (err) {
      setMessage({ ok: false, text: (t) => problemOf(t, err) });
    }
  };
  return (
    <article className="card" data-testid="report-keys">
      <h2>{t('keys.heading')}</h2>
      {message && (
        <p className={message.ok ? 'ok' : 'error'} role="status">
          {message.text(t)}
          {message.key && (
            <>
              {' '}
              <strong className="code">{message.key}</strong> <span className="muted">{t('fleet.codeOnce')}</span>
            </>
          )}
        </p>
      )}
      <table className="table">
        <tbody>
          {keys.map((k) => (
            <tr key={k.id}>
              <td>{k.name}</td>
              <td className="mono">{k.id}</td>
              <td>{k.warehouseId ?? t('signIn.allWarehouses')}</td>
              <td>
                {k.revokedAt
                  ? t('keys.revokedAt', { when: dateTime(k.revokedAt, i18n.language) })
                  : k.expiresAt
                    ? t('keys.expires', { when: dateTime(k.expiresAt, i18n.language) })
                    : t('keys.noExpiry')}
              </td>
              <td>
                {!k.revokedAt && (
                  <button type="button" className="danger" onClick={() => void revoke(k)}>
                    {t('fleet.revoke')}
                  </button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <form className="inline" onSubmit={(e) => void issue(e)}>
        <input
          value={draft.name}
          onChange={(e) => setDraft({ ...draft, name: e.target.value })}
          placeholder={t('keys.name')}
          aria-label={t('keys.name')}
          required
        />
        <select value={draft.warehouseId} onChange={(e) => setDraft({ ...draft, warehouseId: e.target.value })} aria-label={t('fleet.scope')}>
          <option value="">{t('signIn.allWarehouses')}</option>
          {warehouses.map((w) => (
            <option key={w.warehouseId} value={w.warehouseId}>
              {w.name}
            </option>
          ))}
        </select>
        <input
          value={draft.days}
          onChange={(e) => setDraft({ ...draft, days: e.target.value.replace(/\D/g, '') })}
          inputMode="numeric"
          aria-label={t('keys.days')}
          placeholder={t('keys.days')}
          size={5}
        />
        <button type="submit">{t('keys.issue')}</button>
      </form>
    </article>
  );
}
