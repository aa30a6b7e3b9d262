import type { TFunction } from 'i18next';

/** 502 → "502 g" / "502 克", 1234 → "1.234 kg" / "1.234 千克": as a dock scale reads, in the UI's words. */
export function formatWeight(t: TFunction, grams: number): string {
  return Math.abs(grams) >= 1000 ? t('units.kilograms', { kg: (grams / 1000).toFixed(3) }) : t('units.grams', { grams: Math.round(grams * 10) / 10 });
}
