import type { ScaleUnit } from './scale-types';

const GRAMS_PER: Record<ScaleUnit, number> = { g: 1, kg: 1000, lb: 453.59237, oz: 28.349523125 };

/** A unit as scales spell it (KG, kg, Lb, LB, lbs, G, g, OZ) → ours, or undefined. */
export function parseUnit(text: string): ScaleUnit | undefined {
  const u = text.trim().toLowerCase();
  if (u === 'kg') return 'kg';
  if (u === 'g' || u === 'gr') return 'g';
  if (u === 'lb' || u === 'lbs') return 'lb';
  if (u === 'oz') return 'oz';
  return undefined;
}

/** To grams, to the hundredth (scales do not resolve finer; this keeps float noise out). */
export function toGrams(value: number, unit: ScaleUnit): number {
  return Math.round(value * GRAMS_PER[unit] * 100) / 100;
}
