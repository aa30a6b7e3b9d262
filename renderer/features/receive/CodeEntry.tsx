import { forwardRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { scanBus } from '../../devices/scan-bus';

/**
 * A barcode that will not scan is typed here (/ or F2 comes here from anywhere on the page) and handled
 * exactly as a scan of it. Typing here is never taken for a scan half-way: Enter sends it.
 */
export const CodeEntry = forwardRef<HTMLInputElement>(function CodeEntry(_props, ref) {
  const { t } = useTranslation();
  const [code, setCode] = useState('');
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const data = code.trim();
    if (!data) return;
    setCode('');
    // Back to the page, so the step's keys (1–6, Y/N, Enter) work again.
    (document.activeElement as HTMLElement | null)?.blur();
    scanBus.publish({ source: 'typed', data, at: new Date().toISOString() });
  };
  return (
    <form className="form row code-entry" onSubmit={submit} data-testid="code-entry">
      <label>
        {t('receive.typeCode')}
        <input
          ref={ref}
          value={code}
          onChange={(e) => setCode(e.target.value)}
          autoComplete="off"
          spellCheck={false}
          maxLength={512}
          aria-keyshortcuts="/ F2"
        />
      </label>
      <button type="submit">{t('receive.useCode')}</button>
    </form>
  );
});
