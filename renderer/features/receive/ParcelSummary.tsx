import { useLiveQuery } from 'dexie-react-hooks';
import { formatWeight } from '../../i18n/weight';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useAppServices } from '../../app-services';
import { errorMessage } from '../../errors';
import { receivedElsewhere, voidParcel, withdrawParcel } from '../../ledger';
import { useStation } from '../../station-context';
import { ManagerForm } from '../manager/ManagerForm';
import { PhotoStrip } from './PhotoStrip';
import { parcelNotices } from '../../../shared/returns';
import { ParcelNotices } from './ParcelNotices';
import type { Receiving } from './use-receiving';
import { useUserNames } from '../../shell/use-user-names';

/** The open parcel: its returns with each line's progress over every parcel, its weight, its units. */
export function ParcelSummary({ r }: { r: Receiving }) {
  const { t } = useTranslation();
  const { db, actor, user } = useAppServices();
  const [voiding, setVoiding] = useState(false);
  const nameOf = useUserNames();
  const { settingsState } = useStation();
  const { parcel, returns, units, returnUnits } = r;
  const rmaKey = parcel?.rmaNos.join('|') ?? '';
  const elsewhere = useLiveQuery(
    () => receivedElsewhere(db, parcel?.rmaNos ?? [], settingsState.settings.station.id),
    [db, rmaKey, settingsState.settings.station.id],
  );
  if (!parcel) return null;
  const withdraw = async () => {
    try {
      await withdrawParcel(db, actor, { parcelId: parcel.id });
      r.setFlash({ kind: 'info', text: (t) => t('parcels.withdrawn') });
    } catch (err) {
      r.setFlash({ kind: 'error', text: (t) => errorMessage(t, err) });
    }
  };
  const receivedOn = (rmaNo: string, lineId: string) =>
    returnUnits.filter((u) => u.rmaNo === rmaNo && u.expectedLineId === lineId && (u.match === 'matched' || u.match === 'serial_mismatch')).length;
  const facts = [
    parcel.weight && `${formatWeight(t, parcel.weight.grams)}${parcel.weight.source === 'manual' ? ` (${t('receive.manual')})` : ''}`,
    parcel.status !== 'open' && t(`vocab.outerConditions.${parcel.outerCondition}`),
    parcel.carrierNoted && t('receive.carrierNotedShort'),
  ].filter(Boolean);
  return (
    <div className="parcel-summary" data-testid="parcel-summary">
      {returns.length === 0 && (
        <p>
          <strong>{t('receive.blindParcel')}</strong>
          {facts.length > 0 && ` · ${facts.join(' · ')}`}
        </p>
      )}
      {returns.map((e, i) => {
        const policy = r.policies[e.rmaNo];
        return (
          <div key={e.rmaNo} className="return-summary" data-testid="return-summary">
            <p>
              <strong>{e.rmaNo}</strong> · {e.customer.name} · {t(`vocab.salesChannels.${e.channel}`, { defaultValue: e.channel })} ·{' '}
              {t(`vocab.returnReasons.${e.reason}`)}
              {i === 0 && facts.length > 0 && ` · ${facts.join(' · ')}`}
            </p>
            <ParcelNotices
              notices={parcelNotices({
                expected: e,
                policy: policy instanceof Error ? null : (policy ?? null),
                earlier: returnUnits.filter((u) => u.rmaNo === e.rmaNo && u.parcelId !== parcel.id),
                ...(elsewhere?.get(e.rmaNo) ? { elsewhere: elsewhere.get(e.rmaNo)! } : {}),
                ...(parcel.handedToCarrierAt ? { handedToCarrierAt: parcel.handedToCarrierAt } : {}),
              })}
              currency={e.currency}
            />
            {policy instanceof Error && (
              <p className="error-text" role="alert">
                {t('receive.policyUnknown', { rmaNo: e.rmaNo, policy: e.policyId ?? '' })}
              </p>
            )}
            <ul className="lines">
              {e.lines.map((l) => (
                <li key={l.lineId} className={receivedOn(e.rmaNo, l.lineId) >= l.qty ? 'done' : ''}>
                  {l.isGift ? `${t('receive.gift')} ` : ''}
                  {l.name} · {receivedOn(e.rmaNo, l.lineId)}/{l.qty}
                </li>
              ))}
            </ul>
          </div>
        );
      })}
      <PhotoStrip hashes={parcel.photos} />
      {units.length === 0 && !parcel.pending && (
        <p>
          {user?.id === parcel.clerkId && (
            <button type="button" onClick={() => void withdraw()} data-testid="withdraw-parcel">
              {t('parcels.withdraw')}
            </button>
          )}{' '}
          <button type="button" onClick={() => setVoiding(true)} disabled={voiding}>
            {t('parcels.void')}
          </button>
        </p>
      )}
      {voiding && (
        <ManagerForm
          testId="void"
          submitLabel={t('parcels.void')}
          onCancel={() => setVoiding(false)}
          onConfirm={async (manager, reason) => {
            await voidParcel(db, { who: manager.id }, { parcelId: parcel.id, reason });
            setVoiding(false);
            r.setFlash({ kind: 'info', text: (t) => t('parcels.voided', { name: manager.name }) });
          }}
        />
      )}
      {units.length > 0 && (
        <ul className="units" data-testid="units">
          {units.map((u) => (
            <li key={u.lpn} className={u.channel === 'quarantine' || u.acceptance === 'rejected' ? 'unit-problem' : ''}>
              <span className="mono">{u.lpn}</span> · {t('receive.grade')} {u.grade}
              {u.disposition && ` · ${t(`vocab.dispositions.${u.disposition}`)}`}
              {u.channel && ` → ${t(`vocab.channels.${u.channel}`)}`}
              {u.match !== 'matched' && ` · ${t(`receive.match.${u.match}`)}`}
              {u.override && ` · ${t('override.by', { by: nameOf(u.override.by), reason: u.override.reason })}`}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
