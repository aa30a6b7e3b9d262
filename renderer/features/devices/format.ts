import type { TFunction } from 'i18next';
import type { ScaleReading } from '../../../shared/devices/scale';

/** 1234 → "1.234 kg", 502 → "502 g": how a dock scale's display reads. */
export function formatGrams(grams: number): string {
  return Math.abs(grams) >= 1000 ? `${(grams / 1000).toFixed(3)} kg` : `${Math.round(grams * 10) / 10} g`;
}

export function describeReading(t: TFunction, reading: ScaleReading): string {
  if (reading.kind === 'weight')
    return `${formatGrams(reading.grams)} · ${t(reading.stable ? 'devices.stable' : 'devices.moving')}${reading.net ? ` · ${t('devices.net')}` : ''}`;
  return t(`devices.scaleStatus.${reading.status}`) + (reading.detail ? ` (${reading.detail})` : '');
}

/** GS (FNC1) is invisible: show it as ‹GS› so a clerk can see it was there (few fonts draw U+241D). */
export const showControls = (data: string) => data.replace(/\u001d/g, '‹GS›');
