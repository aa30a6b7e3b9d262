import { useTranslation } from 'react-i18next';

/** The end of a short form on the dock: its action, Cancel, and what went wrong beside them (read out as an alert). */
export function FormActions({
  submitLabel,
  onCancel,
  error,
  autoFocus,
}: {
  submitLabel: string;
  onCancel(): void;
  error?: string | undefined;
  autoFocus?: boolean;
}) {
  const { t } = useTranslation();
  return (
    <>
      <button type="submit" className="primary" autoFocus={autoFocus}>
        {submitLabel}
      </button>
      <button type="button" onClick={onCancel}>
        {t('override.cancel')}
      </button>
      {error && (
        <small className="error-text" role="alert">
          {error}
        </small>
      )}
    </>
  );
}
