import { useEffect, useMemo } from 'react';
import { useStation } from '../station-context';
import { scanBus } from './scan-bus';
import { installWedgeListener } from './wedge-listener';

/** Feeds the scan bus from the keyboard wedge and from serial scanners, for the whole app. */
export function ScanSources() {
  const { api, settingsState } = useStation();
  // Keyed by value: any settings change (a language switch) sends a new object, and re-installing the
  // listener then would drop the keys of a scan that is arriving at that moment.
  const wedgeKey = JSON.stringify(settingsState.settings.scanning.wedge);
  const wedge = useMemo(() => JSON.parse(wedgeKey) as typeof settingsState.settings.scanning.wedge, [wedgeKey]);
  useEffect(() => installWedgeListener(wedge, (data) => scanBus.publish({ source: 'keyboard', data, at: new Date().toISOString() })), [wedge]);
  useEffect(() => api.onScannerScan((s) => scanBus.publish({ source: s.id, data: s.data, at: s.at })), [api]);
  return null;
}
