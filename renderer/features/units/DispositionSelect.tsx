import { useTranslation } from 'react-i18next';
import { DISPOSITION_CODES, type DispositionCode } from '../../../shared/returns';

/** A labelled choice of disposition code, in the clerk's language. */
export function DispositionSelect({ value, onChange }: { value: DispositionCode; onChange(value: DispositionCode): void }) {
  const { t } = useTranslation();
  return (
    <label>
      {t('override.disposition')}
      <select value={value} onChange={(e) => onChange(e.target.value as DispositionCode)}>
        {DISPOSITION_CODES.map((d) => (
          <option key={d} value={d}>
            {t(`vocab.dispositions.${d}`)}
          </option>
        ))}
      </select>
    </label>
  );
}
