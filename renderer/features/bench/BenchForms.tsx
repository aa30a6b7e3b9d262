import { FormActions } from '../../shell/FormActions';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { CONTAINER_ROUTES, type ContainerRoute } from '../../../shared/returns';
import { formatWeight } from '../../i18n/weight';

/** A new container: its route (the unit in hand's, to start with) and, for returns to vendor, its vendor. */
export function OpenContainerForm({
  route: initialRoute,
  routeKnown,
  vendor: initialVendor,
  onSubmit,
  onCancel,
}: {
  route: ContainerRoute;
  /** The route comes from the unit in hand (else the clerk picks one). */
  routeKnown: boolean;
  vendor: string;
  onSubmit(route: ContainerRoute, vendor: string): void;
  onCancel(): void;
}) {
  const { t } = useTranslation();
  const [route, setRoute] = useState<ContainerRoute>(initialRoute);
  const [vendor, setVendor] = useState(initialVendor);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    onSubmit(route, vendor);
  };
  return (
    <form className="form row" onSubmit={submit} data-testid="open-container">
      <label>
        {t('bench.route')}
        <select value={route} onChange={(e) => setRoute(e.target.value as ContainerRoute)} autoFocus={!routeKnown}>
          {CONTAINER_ROUTES.map((r) => (
            <option key={r} value={r}>
              {t(`vocab.channels.${r}`)}
            </option>
          ))}
        </select>
      </label>
      {route === 'return_to_vendor' && (
        <label>
          {t('bench.vendor')}
          <input
            value={vendor}
            onChange={(e) => setVendor(e.target.value)}
            maxLength={80}
            autoComplete="off"
            autoFocus={routeKnown && !initialVendor}
            data-testid="vendor"
          />
        </label>
      )}
      {/* With the unit's route (and vendor) filled in, Enter opens the container; Enter on a list would only open the list. */}
      <FormActions submitLabel={t('bench.openSubmit')} onCancel={onCancel} autoFocus={routeKnown && (route !== 'return_to_vendor' || !!initialVendor)} />
    </form>
  );
}

/**
 * Closing a container: the scale's steady weight, confirmed with Enter; a weight typed instead (no scale at
 * the bench, a pallet too big for it) needs a reason.
 */
export function CloseContainerForm({
  stableGrams,
  onSubmit,
  onCancel,
}: {
  stableGrams: number | undefined;
  onSubmit(weight: { grams: number; source: 'scale' | 'manual'; reason?: string }): void;
  onCancel(): void;
}) {
  const { t } = useTranslation();
  const [typed, setTyped] = useState('');
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string>();
  const manual = typed.trim() !== '' || stableGrams === undefined;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!manual && stableGrams !== undefined) return onSubmit({ grams: stableGrams, source: 'scale' });
    const kg = Number(typed.replace(',', '.'));
    if (!Number.isFinite(kg) || kg <= 0 || kg > 10_000) return setError(t('bench.weightInvalid'));
    if (reason.trim().length < 3) return setError(t('bench.weightReasonNeeded'));
    onSubmit({ grams: Math.round(kg * 1000), source: 'manual', reason: reason.trim() });
  };
  return (
    <form className="form row" onSubmit={submit} data-testid="close-container">
      <p className="big-hint" data-testid="close-weight">
        {stableGrams !== undefined ? t('bench.scaleShows', { weight: formatWeight(t, stableGrams) }) : t('bench.noSteadyWeight')}
      </p>
      <label>
        {t('bench.typedWeight')}
        <input
          inputMode="decimal"
          value={typed}
          onChange={(e) => setTyped(e.target.value)}
          autoComplete="off"
          autoFocus={stableGrams === undefined}
          data-testid="typed-weight"
        />
      </label>
      {manual && (
        <label>
          {t('bench.weightReason')}
          <input value={reason} onChange={(e) => setReason(e.target.value)} autoComplete="off" data-testid="weight-reason" />
        </label>
      )}
      <FormActions submitLabel={t('bench.closeSubmit')} onCancel={onCancel} error={error} autoFocus={stableGrams !== undefined} />
    </form>
  );
}

/** Why a unit leaves its container (taken out, or moved into another). */
export function ReasonForm({
  testId,
  prompt,
  submitLabel,
  onSubmit,
  onCancel,
}: {
  testId: string;
  prompt: string;
  submitLabel: string;
  onSubmit(reason: string): void;
  onCancel(): void;
}) {
  const { t } = useTranslation();
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string>();
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (reason.trim().length < 3) return setError(t('manager.reasonNeeded'));
    onSubmit(reason.trim());
  };
  return (
    <form className="form row" onSubmit={submit} data-testid={testId}>
      <label>
        {prompt}
        <input value={reason} onChange={(e) => setReason(e.target.value)} autoComplete="off" autoFocus />
      </label>
      <FormActions submitLabel={submitLabel} onCancel={onCancel} error={error} />
    </form>
  );
}
