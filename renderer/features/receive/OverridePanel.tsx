import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { FAULT_PARTIES, type AcceptanceState, type DispositionCode, type FaultParty } from '../../../shared/returns';
import { DispositionSelect } from '../units/DispositionSelect';

export interface OverrideInput {
  disposition: DispositionCode;
  /** Set only when the manager changes it: otherwise the rules' acceptance and fault party stand. */
  acceptance?: AcceptanceState;
  faultParty?: FaultParty;
  reason: string;
  pin: string;
  /** Accept without the photos the policy wants (no camera, a broken one): the manager's reason is kept with the unit. */
  waivePhotos?: boolean;
}

const ACCEPTANCE_CHOICES = ['accepted', 'rejected', 'manual_intervention_required'] as const;

/**
 * Decide otherwise than the rules: a disposition, and — only if the manager says so — acceptance and
 * fault party; the reason, and a manager's PIN. What is not changed here stays as the rules decided.
 */
export function OverridePanel({
  initial,
  onSubmit,
  onCancel,
  error,
  photosMissing = false,
}: {
  initial: { disposition: DispositionCode; acceptance: AcceptanceState; faultParty?: FaultParty };
  /** The policy still wants photos of this item: the manager may accept without them. */
  photosMissing?: boolean;
  onSubmit(input: OverrideInput): void;
  onCancel(): void;
  error?: string;
}) {
  const { t } = useTranslation();
  const [disposition, setDisposition] = useState<DispositionCode>(initial.disposition);
  const [acceptance, setAcceptance] = useState<AcceptanceState | ''>('');
  const [faultParty, setFaultParty] = useState<FaultParty | ''>('');
  const [reason, setReason] = useState('');
  const [pin, setPin] = useState('');
  const [waivePhotos, setWaivePhotos] = useState(photosMissing);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (reason.trim().length < 3 || !pin) return;
    onSubmit({
      disposition,
      ...(acceptance ? { acceptance } : {}),
      ...(faultParty ? { faultParty } : {}),
      reason: reason.trim(),
      pin,
      ...(photosMissing && waivePhotos ? { waivePhotos } : {}),
    });
    setPin('');
  };
  return (
    <form className="form override" onSubmit={submit} data-testid="override">
      <h3>{t('override.heading')}</h3>
      <DispositionSelect value={disposition} onChange={setDisposition} />
      <label>
        {t('override.acceptance')}
        <select value={acceptance} onChange={(e) => setAcceptance(e.target.value as AcceptanceState | '')}>
          <option value="">{t('override.keep', { value: t(`receive.acceptance.${initial.acceptance}`) })}</option>
          {ACCEPTANCE_CHOICES.filter((a) => a !== initial.acceptance).map((a) => (
            <option key={a} value={a}>
              {t(`receive.acceptance.${a}`)}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t('override.faultParty')}
        <select value={faultParty} onChange={(e) => setFaultParty(e.target.value as FaultParty | '')}>
          <option value="">{t('override.keep', { value: initial.faultParty ? t(`vocab.faultParties.${initial.faultParty}`) : '—' })}</option>
          {FAULT_PARTIES.filter((f) => f !== initial.faultParty).map((f) => (
            <option key={f} value={f}>
              {t(`vocab.faultParties.${f}`)}
            </option>
          ))}
        </select>
      </label>
      {photosMissing && (
        <label className="check">
          <input type="checkbox" checked={waivePhotos} onChange={(e) => setWaivePhotos(e.target.checked)} data-testid="waive-photos" />
          {t('override.waivePhotos')}
        </label>
      )}
      <label>
        {t('override.reason')}
        <input value={reason} onChange={(e) => setReason(e.target.value)} autoFocus autoComplete="off" required minLength={3} />
      </label>
      <label>
        {t('override.managerPin')}
        <input
          type="password"
          inputMode="numeric"
          value={pin}
          onChange={(e) => setPin(e.target.value)}
          autoComplete="off"
          required
          aria-describedby="override-error"
        />
        {error && (
          <small id="override-error" className="error-text" role="alert">
            {error}
          </small>
        )}
      </label>
      <div className="form-actions">
        <button type="submit" className="primary">
          {t('override.submit')}
        </button>
        <button type="button" onClick={onCancel}>
          {t('override.cancel')}
        </button>
      </div>
    </form>
  );
}
