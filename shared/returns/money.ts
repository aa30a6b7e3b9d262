import { z } from 'zod';

/** Money is always an integer count of minor units (fen, cents): never a float. */
export const MinorUnits = z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER);
export const CurrencyCode = z.string().regex(/^[A-Z]{3}$/, 'an ISO 4217 code such as CNY or USD');

/** `percent` % of `amount`, rounded half up, in integer arithmetic. */
export function percentOf(amountMinor: number, percent: number): number {
  return Math.floor((amountMinor * percent + 50) / 100);
}

/** `numerator/denominator` of `amount`, rounded half up. */
export function shareOf(amountMinor: number, numerator: number, denominator: number): number {
  if (denominator <= 0) return 0;
  return Math.floor((amountMinor * numerator * 2 + denominator) / (denominator * 2));
}

export const sumMinor = (values: readonly number[]) => values.reduce((a, b) => a + b, 0);
