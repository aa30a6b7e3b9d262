import { useLiveQuery } from 'dexie-react-hooks';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useAppServices } from '../../app-services';
import { parcelsEndedOn, reopenParcel, unfinishedParcels } from '../../ledger';
import { stationTimeZone, stationToday } from '../../shell/station-day';
import { useStation } from '../../station-context';
import { ManagerForm } from '../manager/ManagerForm';
import { useUserNames } from '../../shell/use-user-names';

/**
 * The station's parcels that are not finished — held for a manager, with their open exceptions — and
 * the ones completed or voided today, so a manager can reopen one (reason and PIN). An open parcel is
 * resumed by the flow itself.
 */
export function UnfinishedParcels() {
  const { t, i18n } = useTranslation();
  const { db } = useAppServices();
  const { settingsState } = useStation();
  const timeZone = stationTimeZone(settingsState.settings);
  const parcels = useLiveQuery(() => unfinishedParcels(db), [db]) ?? [];
  const today = stationToday(settingsState.settings);
  const endedToday = useLiveQuery(() => parcelsEndedOn(db, today, timeZone), [db, today, timeZone]) ?? [];
  const openExceptions = useLiveQuery(() => db.exceptions.where('status').equals('open').toArray(), [db]) ?? [];
  const [reopening, setReopening] = useState<string | null>(null);
  const nameOf = useUserNames();
  const list = [...parcels.filter((p) => p.status === 'held'), ...endedToday]
    .filter((p) => p.stationId === settingsState.settings.station.id)
    .sort((a, b) => b.openedAt.localeCompare(a.openedAt));
  if (list.length === 0) return null;
  return (
    <div className="history-box" data-testid="parcel-list">
      <h2>{t('parcels.heading')}</h2>
      <ul className="parcel-list">
        {list.map((p) => {
          const xs = openExceptions.filter((x) => x.parcelId === p.id);
          return (
            <li key={p.id} data-testid="parcel-row" data-status={p.status}>
              <strong>{p.rmaNos.join(', ') || t('receive.blindParcel')}</strong> · {t(`parcels.status.${p.status}`)} ·{' '}
              {new Date(p.openedAt).toLocaleTimeString(i18n.language)}
              {xs.length > 0 && ` · ${xs.map((x) => t(`vocab.exceptionKinds.${x.kind}`)).join(', ')}`}
              {p.voided && ` · ${t('parcels.voidedBy', { by: nameOf(p.voided.by), reason: p.voided.reason })}`}{' '}
              {p.status !== 'voided' && (
                <button type="button" onClick={() => setReopening(p.id)}>
                  {t('parcels.reopen')}
                </button>
              )}
              {reopening === p.id && (
                <ManagerForm
                  testId="reopen"
                  submitLabel={t('parcels.reopen')}
                  onCancel={() => setReopening(null)}
                  onConfirm={async (manager, reason) => {
                    await reopenParcel(db, { who: manager.id }, { parcelId: p.id, reason, timeZone });
                    setReopening(null);
                  }}
                />
              )}
            </li>
          );
        })}
      </ul>
    </div>
  );
}
