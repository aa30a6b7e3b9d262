import type { TFunction } from 'i18next';
import type { ScaleReading } from '../../../shared/devices/scale';
import { formatWeight } from '../../i18n/weight';

export function describeReading(t: TFunction, reading: ScaleReading): string {
  if (reading.kind === 'weight')
    return `${formatWeight(t, reading.grams)} · ${t(reading.stable ? 'devices.stable' : 'devices.moving')}${reading.net ? ` · ${t('devices.net')}` : ''}`;
  return t(`devices.scaleStatus.${reading.status}`) + (reading.detail ? ` (${reading.detail})` : '');
}

/** GS (FNC1) is invisible: show it as ‹GS› so a clerk can see it was there (few fonts draw U+241D). */
export const showControls = (data: string) => data.replace(/\u001d/g, '‹GS›');
