import { useEffect, useState } from 'react';
import type { DeviceStatus } from '../../shared/devices/device-status';
import type { ScaleReading } from '../../shared/devices/scale';
import { useStation } from '../station-context';
import { scanBus, type Scan } from './scan-bus';

/** Live state of every configured device. */
export function useDeviceStatuses(): DeviceStatus[] {
  const { api } = useStation();
  const [statuses, setStatuses] = useState<DeviceStatus[]>([]);
  useEffect(() => {
    let live = true;
    const off = api.onDeviceStatus((s) => setStatuses((all) => [...all.filter((x) => x.id !== s.id), s]));
    void api
      .devicesStatus()
      .then((all) => live && setStatuses(all))
      .catch(() => undefined);
    return () => {
      live = false;
      off();
    };
  }, [api]);
  return statuses;
}

/** The latest reading of each scale. */
export function useScaleReadings(): Record<string, { reading: ScaleReading; at: string }> {
  const { api } = useStation();
  const [readings, setReadings] = useState<Record<string, { reading: ScaleReading; at: string }>>({});
  useEffect(() => api.onScaleReading((r) => setReadings((all) => ({ ...all, [r.id]: { reading: r.reading, at: r.at } }))), [api]);
  return readings;
}

/** The most recent scans, newest first. */
export function useRecentScans(limit = 8): Scan[] {
  const [scans, setScans] = useState<Scan[]>([]);
  useEffect(() => scanBus.subscribe((scan) => setScans((all) => [scan, ...all].slice(0, limit))), [limit]);
  return scans;
}
