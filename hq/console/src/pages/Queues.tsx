import type { TFunction } from 'i18next';
import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { roleCan, type HqUser } from '../../../../shared/hq-api/people';
import { HQ_TASK_FLOW, type HqTaskKind } from '../../../../shared/returns/records/hq-task';
import { hq, problemOf } from '../api';
import { ago, dateTime, money } from '../format';
import { VirtualRows } from '../VirtualRows';

interface Conflict {
  warehouse_id: string;
  rma_no: string;
  currency: string;
  due_minor: number;
  held_minor: number;
  created_at: string;
  decisions: { station: string; deltaMinor: number; hqStatus: string; decidedAt: string }[];
}
interface Task {
  warehouse_id: string;
  station_id: string;
  task_id: string;
  kind: HqTaskKind;
  status: string;
  rma_no: string | null;
  amount_minor: number | null;
  currency: string | null;
  points: number | null;
  created_at: string;
  due_by: string | null;
}
interface OpenException {
  warehouse_id: string;
  station_id: string;
  exception_id: string;
  kind: string;
  rma_no: string | null;
  lpn: string | null;
  created_at: string;
}

/** Work only HQ can finish: refunds two stations both paid, carrier claims, gift reversals and recycling points, escalated exceptions. */
export function Queues({ user }: { user: HqUser }) {
  const { t, i18n } = useTranslation();
  const [conflicts, setConflicts] = useState<Conflict[]>([]);
  const [tasks, setTasks] = useState<Task[]>([]);
  const [exceptions, setExceptions] = useState<OpenException[]>([]);
  const [message, setMessage] = useState<{ ok: boolean; text: (t: TFunction) => string }>();
  // Times in each warehouse's own zone, as its people read them.
  const [zones, setZones] = useState<Record<string, string>>({});
  const refunds = roleCan(user.role, 'refunds');
  const resolves = roleCan(user.role, 'exceptions');

  const reload = useCallback(async () => {
    const [c, tk, x, w] = await Promise.all([
      hq.call('refundConflicts', { query: {} }),
      hq.call('hqTasks', { query: {} }),
      hq.call('exceptions', { query: {} }),
      hq.call('adminWarehouses'),
    ]);
    setZones(Object.fromEntries((w.rows as { warehouseId: string; timeZone: string }[]).map((r) => [r.warehouseId, r.timeZone])));
    setConflicts(c.rows as Conflict[]);
    setTasks((tk.rows as Task[]).filter((r) => (HQ_TASK_FLOW[r.kind][r.status] ?? []).length > 0));
    setExceptions((x.rows as OpenException[]).filter((r) => r.kind !== 'refund_conflict'));
  }, []);
  useEffect(() => {
    reload().catch((err) => setMessage({ ok: false, text: (t) => problemOf(t, err) }));
  }, [reload]);

  const act = async (what: () => Promise<unknown>, done: (t: TFunction) => string) => {
    try {
      await what();
      setMessage({ ok: true, text: done });
      await reload();
    } catch (err) {
      setMessage({ ok: false, text: (t) => problemOf(t, err) });
    }
  };

  return (
    <section data-testid="queues">
      <h1>{t('queues.heading')}</h1>
      {message && (
        <p className={message.ok ? 'ok' : 'error'} role="status" data-testid="queue-message">
          {message.text(t)}
        </p>
      )}
      <h2>{t('queues.conflicts', { count: conflicts.length })}</h2>
      {conflicts.length === 0 ? (
        <p className="muted">{t('queues.noConflicts')}</p>
      ) : (
        conflicts.map((c) => (
          <article key={`${c.warehouse_id}/${c.rma_no}`} className="card" data-testid={`conflict-${c.rma_no}`}>
            <p>
              <strong>{c.rma_no}</strong> · {c.warehouse_id} · {ago(c.created_at, t)}
            </p>
            <p>
              {t('queues.conflictLine', {
                due: money(c.due_minor, c.currency, i18n.language),
                held: money(c.held_minor, c.currency, i18n.language),
              })}
            </p>
            <ul>
              {c.decisions.map((d, i) => (
                <li key={i}>
                  {dateTime(d.decidedAt, i18n.language, zones[c.warehouse_id])} · {d.station} · {money(d.deltaMinor, c.currency, i18n.language)} ·{' '}
                  {t(`vocab.hqStatus.${d.hqStatus}`, { defaultValue: d.hqStatus })}
                </li>
              ))}
            </ul>
            {refunds && (
              <SettleForm
                onSettle={(decision, reason) =>
                  act(
                    () =>
                      hq.call('adminSettleRefundConflict', {
                        params: { warehouseId: c.warehouse_id, rmaNo: c.rma_no },
                        body: { decision, by: user.login, reason },
                      }),
                    (t) => t(`queues.settled.${decision}`, { rma: c.rma_no }),
                  )
                }
              />
            )}
          </article>
        ))
      )}

      <h2>{t('queues.tasks', { count: tasks.length })}</h2>
      {tasks.length === 0 ? (
        <p className="muted">{t('queues.noTasks')}</p>
      ) : (
        <VirtualRows
          testId="tasks"
          rows={tasks}
          rowKey={(k) => `${k.warehouse_id}/${k.task_id}`}
          row={(k) => (
            <>
              <strong>{t(`vocab.tasks.${k.kind}`)}</strong>
              <span>{k.rma_no ?? '—'}</span>
              <span>
                {k.amount_minor !== null && k.currency
                  ? money(k.amount_minor, k.currency, i18n.language)
                  : k.points !== null
                    ? t('queues.points', { count: k.points })
                    : ''}
              </span>
              <span>{t(`vocab.taskStatus.${k.status}`)}</span>
              <span className="muted">
                {k.due_by ? t('queues.dueBy', { when: dateTime(k.due_by, i18n.language, zones[k.warehouse_id]) }) : ago(k.created_at, t)}
              </span>
              <span className="actions">
                {refunds &&
                  (HQ_TASK_FLOW[k.kind][k.status] ?? []).map((next) => (
                    <button
                      key={next}
                      type="button"
                      onClick={() =>
                        void act(
                          () =>
                            hq.call('adminAdvanceTask', {
                              params: { warehouseId: k.warehouse_id, taskId: k.task_id },
                              body: { status: next as never, by: user.login },
                            }),
                          (t) => t('queues.taskMoved', { status: t(`vocab.taskStatus.${next}`) }),
                        )
                      }
                    >
                      {t(`queues.to.${next}`)}
                    </button>
                  ))}
              </span>
            </>
          )}
        />
      )}

      <h2>{t('queues.exceptions', { count: exceptions.length })}</h2>
      {exceptions.length === 0 ? (
        <p className="muted">{t('queues.noExceptions')}</p>
      ) : (
        <VirtualRows
          testId="exceptions"
          rows={exceptions}
          rowKey={(x) => `${x.warehouse_id}/${x.exception_id}`}
          row={(x) => (
            <>
              <strong>{t(`vocab.exceptions.${x.kind}`, { defaultValue: x.kind })}</strong>
              <span>{x.rma_no ?? x.lpn ?? '—'}</span>
              <span className="muted">
                {x.station_id} · {ago(x.created_at, t)}
              </span>
              {resolves && (
                <ResolveForm
                  onResolve={(resolution) =>
                    act(
                      () =>
                        hq.call('adminResolveException', {
                          params: { warehouseId: x.warehouse_id, exceptionId: x.exception_id },
                          body: { by: user.login, resolution },
                        }),
                      (t) => t('queues.resolved'),
                    )
                  }
                />
              )}
            </>
          )}
        />
      )}
    </section>
  );
}

function SettleForm({ onSettle }: { onSettle(decision: 'release' | 'deny', reason: string): Promise<void> }) {
  const { t } = useTranslation();
  const [reason, setReason] = useState('');
  const [decision, setDecision] = useState<'release' | 'deny'>('deny');
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (reason.trim().length >= 3) void onSettle(decision, reason.trim());
  };
  return (
    <form className="inline" onSubmit={submit}>
      <select value={decision} onChange={(e) => setDecision(e.target.value as 'release' | 'deny')} aria-label={t('queues.decision')}>
        <option value="deny">{t('queues.deny')}</option>
        <option value="release">{t('queues.release')}</option>
      </select>
      <input
        value={reason}
        onChange={(e) => setReason(e.target.value)}
        placeholder={t('queues.reason')}
        aria-label={t('queues.reason')}
        minLength={3}
        required
      />
      <button type="submit" className="primary">
        {t('queues.settle')}
      </button>
    </form>
  );
}

function ResolveForm({ onResolve }: { onResolve(resolution: string): Promise<void> }) {
  const { t } = useTranslation();
  const [text, setText] = useState('');
  return (
    <form
      className="inline"
      onSubmit={(e) => {
        e.preventDefault();
        if (text.trim().length >= 3) void onResolve(text.trim());
      }}
    >
      <input
        value={text}
        onChange={(e) => setText(e.target.value)}
        placeholder={t('queues.resolution')}
        aria-label={t('queues.resolution')}
        minLength={3}
        required
      />
      <button type="submit">{t('queues.resolve')}</button>
    </form>
  );
}
