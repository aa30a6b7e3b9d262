import { printerFor } from '../../../shared/labels/printer-config';
import { useLiveQuery } from 'dexie-react-hooks';
import { useState, type FormEvent } from 'react';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { CHANNELS, type Channel, type DispositionCode, type StationUser } from '../../../shared/returns';
import { useAppServices } from '../../app-services';
import type { UnitRow } from '../../db/station-db';
import { errorMessage } from '../../errors';
import { decideHeldUnit, heldUnits } from '../../ledger';
import { useStation } from '../../station-context';
import { DispositionSelect } from '../units/DispositionSelect';
import { relabelAfterDecision } from '../units/unit-label';

type Draft = { lpn: string; acceptance: 'accepted' | 'rejected'; disposition: DispositionCode; channel: Channel; reason: string };

/** Units the rules left to a manager (their returns' refunds wait on them): accept or reject each, with its routing. */
export function HeldUnits({ manager }: { manager: StationUser }) {
  const { t, i18n } = useTranslation();
  const { db, printWorker } = useAppServices();
  const { settingsState } = useStation();
  const dockPrinter = printerFor(settingsState.settings.printers, 'dock');
  const units = useLiveQuery(() => heldUnits(db), [db]) ?? [];
  // Amounts in a unit's reasons are in its return's currency.
  const currencies = useLiveQuery(
    async () =>
      new Map(
        (await db.expectedReturns.bulkGet([...new Set(units.flatMap((u) => (u.rmaNo ? [u.rmaNo] : [])))])).flatMap((e) =>
          e ? [[e.rmaNo, e.currency] as const] : [],
        ),
      ),
    [db, units.map((u) => u.lpn).join()],
  );
  const [draft, setDraft] = useState<Draft | null>(null);
  const [message, setMessage] = useState<{ ok: boolean; text: (t: TFunction) => string } | null>(null);

  const submit = async (e: FormEvent, unit: UnitRow) => {
    e.preventDefault();
    if (!draft) return;
    try {
      const expected = unit.rmaNo ? await db.expectedReturns.get(unit.rmaNo) : undefined;
      const line = expected?.lines.find((l) => l.lineId === unit.expectedLineId);
      const name = line?.name ?? unit.scan.raw;
      const stationId = settingsState.settings.station.id;
      await decideHeldUnit(
        db,
        { who: manager.id },
        {
          ...draft,
          label: relabelAfterDecision(t, { line, name, rmaNo: unit.rmaNo, stationId, locale: i18n.language }),
          ...(dockPrinter ? { printerId: dockPrinter.id } : {}),
        },
      );
      printWorker?.wake();
      setDraft(null);
      setMessage({ ok: true, text: (t) => t('reconcile.held.decided', { lpn: unit.lpn }) });
    } catch (err) {
      setMessage({ ok: false, text: (t) => errorMessage(t, err) });
    }
  };

  return (
    <div data-testid="held-units">
      {units.length === 0 && <p className="empty">{t('reconcile.held.none')}</p>}
      <ul className="exception-list">
        {units.map((u) => (
          <li key={u.lpn} data-testid="held-unit">
            <span className="mono">{u.lpn}</span> · {u.rmaNo ?? t('receive.blindParcel')} · {t('receive.grade')} {u.grade} · {t(`receive.match.${u.match}`)}
            {u.reasons[0] && (
              <div className="small">{t(`reasons.${u.reasons[0].key}`, { ...u.reasons[0].params, currency: (u.rmaNo && currencies?.get(u.rmaNo)) || '' })}</div>
            )}
            <button
              type="button"
              onClick={() =>
                setDraft({
                  lpn: u.lpn,
                  acceptance: 'accepted',
                  disposition: u.disposition ?? 'SELLABLE',
                  channel: u.channel && u.channel !== 'quarantine' ? u.channel : 'restock',
                  reason: '',
                })
              }
              aria-pressed={draft?.lpn === u.lpn}
            >
              {t('reconcile.held.decide')}
            </button>
            {draft?.lpn === u.lpn && (
              <form className="form row" onSubmit={(e) => void submit(e, u)} data-testid="decide-unit">
                <label>
                  {t('reconcile.held.acceptance')}
                  <select value={draft.acceptance} onChange={(e) => setDraft({ ...draft, acceptance: e.target.value as Draft['acceptance'] })}>
                    <option value="accepted">{t('receive.acceptance.accepted')}</option>
                    <option value="rejected">{t('receive.acceptance.rejected')}</option>
                  </select>
                </label>
                <DispositionSelect value={draft.disposition} onChange={(disposition) => setDraft({ ...draft, disposition })} />
                <label>
                  {t('reconcile.held.channel')}
                  <select value={draft.channel} onChange={(e) => setDraft({ ...draft, channel: e.target.value as Channel })}>
                    {CHANNELS.filter((c) => c !== 'quarantine').map((c) => (
                      <option key={c} value={c}>
                        {t(`vocab.channels.${c}`)}
                      </option>
                    ))}
                  </select>
                </label>
                <label>
                  {t('override.reason')}
                  <input value={draft.reason} onChange={(e) => setDraft({ ...draft, reason: e.target.value })} required minLength={3} autoComplete="off" />
                </label>
                <button type="submit" className="primary">
                  {t('reconcile.held.save')}
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
