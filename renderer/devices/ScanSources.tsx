import { useEffect } from 'react';
import { useStation } from '../station-context';
import { scanBus } from './scan-bus';
import { installWedgeListener } from './wedge-listener';

/** Feeds the scan bus from the keyboard wedge and from serial scanners, for the whole app. */
export function ScanSources() {
  const { api, settingsState } = useStation();
  const wedge = settingsState.settings.scanning.wedge;
  useEffect(() => installWedgeListener(wedge, (data) => scanBus.publish({ source: 'keyboard', data, at: new Date().toISOString() })), [wedge]);
  useEffect(() => api.onScannerScan((s) => scanBus.publish({ source: s.id, data: s.data, at: s.at })), [api]);
  return null;
}
