import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { createScanClassifier } from '../../../shared/barcode/classify';
import type { ScanResult } from '../../../shared/barcode/scan-result';
import { useRecentScans } from '../../devices/use-devices';
import { useStation } from '../../station-context';
import { showControls } from './format';

function detail(result: ScanResult): string {
  switch (result.kind) {
    case 'gtin':
      return result.gtin;
    case 'gs1':
      return [result.gtin, result.lot && `LOT ${result.lot}`, result.serial && `SN ${result.serial}`, result.expiry && `EXP ${result.expiry}`]
        .filter(Boolean)
        .join(' · ');
    case 'tracking':
      return `${result.carrier} ${result.trackingNumber}`;
    case 'sscc':
      return result.sscc;
    case 'rma':
      return result.rma;
    case 'lpn':
      return result.lpn;
    case 'container':
      return result.container;
    case 'command':
      return result.command;
    case 'invalid':
      return result.reason;
    case 'unknown':
      return '';
  }
}

/** Scan anything here to see which scanner it came from and what the station makes of it. */
export function ScanTester() {
  const { t, i18n } = useTranslation();
  const codes = useStation().settingsState.settings.scanning.codes;
  const classify = useMemo(() => createScanClassifier(codes), [codes]);
  const scans = useRecentScans();
  return (
    <div className="scan-tester" data-testid="scan-tester">
      <p className="muted">{t('devices.scanHint')}</p>
      {scans.length === 0 ? (
        <p className="empty">{t('devices.noScans')}</p>
      ) : (
        <ol className="scans">
          {scans.map((s) => {
            const result = classify(s.data);
            return (
              <li key={`${s.at}-${s.data}`} data-testid="scan-entry">
                <span className="mono">{showControls(s.data)}</span>
                <span className={`badge kind-${result.kind}`}>{t(`vocab.scanKinds.${result.kind}`)}</span>
                <span className="muted">{detail(result)}</span>
                <span className="muted small">
                  {s.source === 'keyboard' ? t('devices.fromKeyboard') : s.source} · {new Date(s.at).toLocaleTimeString(i18n.language)}
                </span>
              </li>
            );
          })}
        </ol>
      )}
    </div>
  );
}
