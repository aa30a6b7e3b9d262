import type { TFunction } from 'i18next';
import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { HQ_ROLES, roleCan, type HqRole, type HqUser } from '../../../../shared/hq-api/people';
import { hq, problemOf } from '../api';
import { ago, dateTime } from '../format';
import { ReferenceData } from './fleet/ReferenceData';
import { ReportKeys } from './fleet/ReportKeys';
import { Webhooks } from './fleet/Webhooks';

interface Warehouse {
  warehouseId: string;
  name: string;
  timeZone: string;
  stations: number;
}
interface Station {
  warehouseId: string;
  stationId: string;
  state: 'enrolled' | 'revoked' | 'waiting';
  enrolledAt: string | null;
  lastPushAt: string | null;
  lastSeq: number;
  openCodes: number;
}
interface Person {
  login: string;
  name: string;
  role: HqRole;
  warehouseId: string | null;
  disabledAt: string | null;
  lastSignIn: string | null;
}

/** The fleet, without a terminal: warehouses, their stations (enrol, revoke), the console's people. */
export function Fleet({ user }: { user: HqUser }) {
  const { t, i18n } = useTranslation();
  const [warehouses, setWarehouses] = useState<Warehouse[]>([]);
  const [stations, setStations] = useState<Station[]>([]);
  const [people, setPeople] = useState<Person[]>([]);
  const [message, setMessage] = useState<{ ok: boolean; text: (t: TFunction) => string; code?: string }>();

  const reload = useCallback(async () => {
    const [w, s, p] = await Promise.all([hq.call('adminWarehouses'), hq.call('adminStations', { query: {} }), hq.call('adminUsers')]);
    setWarehouses(w.rows as Warehouse[]);
    setStations(s.rows);
    setPeople(p.rows as Person[]);
  }, []);
  useEffect(() => {
    reload().catch((err) => setMessage({ ok: false, text: (t) => problemOf(t, err) }));
  }, [reload]);
  if (!roleCan(user.role, 'fleet')) return <p className="error">{t('fleet.notYours')}</p>;

  const issue = async (warehouseId: string, stationId: string) => {
    try {
      const { code } = await hq.call('adminIssueCode', { params: { warehouseId, stationId }, body: { hours: 24 } });
      setMessage({ ok: true, text: (t) => t('fleet.codeIssued', { station: stationId }), code });
      await reload();
    } catch (err) {
      setMessage({ ok: false, text: (t) => problemOf(t, err) });
    }
  };
  const revoke = async (s: Station) => {
    if (!window.confirm(t('fleet.confirmRevoke', { station: s.stationId }))) return;
    try {
      await hq.call('adminRevokeStation', { params: { warehouseId: s.warehouseId, stationId: s.stationId } });
      setMessage({ ok: true, text: (t) => t('fleet.revoked', { station: s.stationId }) });
      await reload();
    } catch (err) {
      setMessage({ ok: false, text: (t) => problemOf(t, err) });
    }
  };

  return (
    <section data-testid="fleet">
      <h1>{t('fleet.heading')}</h1>
      {message && (
        <p className={message.ok ? 'ok' : 'error'} role="status" data-testid="fleet-message">
          {message.text(t)}
          {message.code && (
            <>
              {' '}
              <strong className="code" data-testid="enrol-code">
                {message.code}
              </strong>{' '}
              <span className="muted">{t('fleet.codeOnce')}</span>
            </>
          )}
        </p>
      )}
      {warehouses.map((w) => (
        <article key={w.warehouseId} className="card" data-testid={`fleet-${w.warehouseId}`}>
          <h2>
            {w.name}{' '}
            <span className="muted">
              · {w.warehouseId} · {w.timeZone}
            </span>
          </h2>
          <table className="table">
            <thead>
              <tr>
                <th>{t('fleet.station')}</th>
                <th>{t('fleet.state')}</th>
                <th>{t('fleet.enrolled')}</th>
                <th>{t('fleet.lastPush')}</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {stations
                .filter((s) => s.warehouseId === w.warehouseId)
                .map((s) => (
                  <tr key={s.stationId} data-testid={`station-${s.stationId}`}>
                    <td>{s.stationId}</td>
                    <td>
                      {t(`fleet.states.${s.state}`)}
                      {s.openCodes > 0 ? ` · ${t('fleet.openCodes', { count: s.openCodes })}` : ''}
                    </td>
                    <td>{dateTime(s.enrolledAt, i18n.language, w.timeZone)}</td>
                    <td>{ago(s.lastPushAt, t)}</td>
                    <td className="actions">
                      <button type="button" onClick={() => void issue(w.warehouseId, s.stationId)}>
                        {t(s.state === 'enrolled' ? 'fleet.reenrol' : 'fleet.newCode')}
                      </button>
                      {s.state === 'enrolled' && (
                        <button type="button" className="danger" onClick={() => void revoke(s)}>
                          {t('fleet.revoke')}
                        </button>
                      )}
                    </td>
                  </tr>
                ))}
            </tbody>
          </table>
          <AddStation onAdd={(stationId) => issue(w.warehouseId, stationId)} />
          <ReferenceData warehouseId={w.warehouseId} zone={w.timeZone} />
        </article>
      ))}
      <ReportKeys warehouses={warehouses} />
      <Webhooks />

      <article className="card" data-testid="people">
        <h2>{t('fleet.people')}</h2>
        <table className="table">
          <tbody>
            {people.map((p) => (
              <tr key={p.login}>
                <td>{p.name}</td>
                <td className="mono">{p.login}</td>
                <td>{t(`roles.${p.role}`)}</td>
                <td>{p.warehouseId ?? t('signIn.allWarehouses')}</td>
                <td>{p.disabledAt ? t('fleet.disabled') : t('fleet.lastSignIn', { when: ago(p.lastSignIn, t) })}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <AddPerson
          warehouses={warehouses}
          onAdd={async (input) => {
            try {
              await hq.call('adminPutUser', {
                params: { login: input.login },
                body: { name: input.name, role: input.role, warehouseId: input.warehouseId, password: input.password },
              });
              setMessage({ ok: true, text: (t) => t('fleet.personSaved', { name: input.name }) });
              await reload();
            } catch (err) {
              setMessage({ ok: false, text: (t) => problemOf(t, err) });
            }
          }}
        />
      </article>
    </section>
  );
}

function AddStation({ onAdd }: { onAdd(stationId: string): Promise<void> }) {
  const { t } = useTranslation();
  const [id, setId] = useState('');
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (id.trim()) void onAdd(id.trim().toUpperCase()).then(() => setId(''));
  };
  return (
    <form className="inline" onSubmit={submit}>
      <input
        value={id}
        onChange={(e) => setId(e.target.value)}
        placeholder={t('fleet.newStationId')}
        aria-label={t('fleet.newStationId')}
        pattern="[A-Za-z0-9][A-Za-z0-9\-]{1,31}"
      />
      <button type="submit">{t('fleet.addStation')}</button>
    </form>
  );
}

function AddPerson({
  warehouses,
  onAdd,
}: {
  warehouses: Warehouse[];
  onAdd(input: { login: string; name: string; role: HqRole; warehouseId: string | null; password: string }): Promise<void>;
}) {
  const { t } = useTranslation();
  const [draft, setDraft] = useState({ login: '', name: '', role: 'viewer' as HqRole, warehouseId: '', password: '' });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void onAdd({ ...draft, login: draft.login.trim().toLowerCase(), name: draft.name.trim(), warehouseId: draft.warehouseId || null }).then(() =>
      setDraft({ login: '', name: '', role: 'viewer', warehouseId: '', password: '' }),
    );
  };
  return (
    <form className="inline wrap" onSubmit={submit} data-testid="add-person">
      <input
        value={draft.login}
        onChange={(e) => setDraft({ ...draft, login: e.target.value })}
        placeholder={t('fleet.login')}
        aria-label={t('fleet.login')}
        required
      />
      <input
        value={draft.name}
        onChange={(e) => setDraft({ ...draft, name: e.target.value })}
        placeholder={t('fleet.name')}
        aria-label={t('fleet.name')}
        required
      />
      <select value={draft.role} onChange={(e) => setDraft({ ...draft, role: e.target.value as HqRole })} aria-label={t('fleet.role')}>
        {HQ_ROLES.map((r) => (
          <option key={r} value={r}>
            {t(`roles.${r}`)}
          </option>
        ))}
      </select>
      <select value={draft.warehouseId} onChange={(e) => setDraft({ ...draft, warehouseId: e.target.value })} aria-label={t('fleet.scope')}>
        <option value="">{t('signIn.allWarehouses')}</option>
        {warehouses.map((w) => (
          <option key={w.warehouseId} value={w.warehouseId}>
            {w.name}
          </option>
        ))}
      </select>
      <input
        type="password"
        value={draft.password}
        onChange={(e) => setDraft({ ...draft, password: e.target.value })}
        placeholder={t('fleet.password')}
        aria-label={t('fleet.password')}
        autoComplete="new-password"
        minLength={10}
        required
      />
      <button type="submit">{t('fleet.addPerson')}</button>
    </form>
  );
}
