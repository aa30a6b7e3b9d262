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

// Kept per code: building a NumberFormat costs ~0.1 ms, and a CSV of a month asks once a row.
const digitsOf = new Map<string, number>();

/** Decimal places of a currency's major unit (JPY 0, CNY and USD 2), as ISO 4217 gives them. */
export function currencyDigits(currency: string): number {
  let digits = digitsOf.get(currency);
  if (digits === undefined) {
    try {
      digits = new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
    } catch {
      digits = 2;
    }
    if (digitsOf.size >= 1000) digitsOf.clear();
    digitsOf.set(currency, digits);
  }
  return digits;
}
/** Minor units as a plain major-unit decimal for files (12345 CNY → "123.45"), exact: no float arithmetic. */
export function minorToMajorString(amountMinor: number, currency: string): string {
  const digits = currencyDigits(currency);
  const sign = amountMinor < 0 ? '-' : '';
  const abs = String(Math.abs(amountMinor)).padStart(digits + 1, '0');
  return digits === 0 ? `${sign}${abs}` : `${sign}${abs.slice(0, -digits)}.${abs.slice(-digits)}`;
}
