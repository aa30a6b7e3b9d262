/** Integer minor units → the currency's display, e.g. 39900 CNY → ¥399.00 (zh-CN) or CN¥399.00 (en). */
export function formatMinorUnits(minor: number, currency: string, locale: string): string {
  const format = new Intl.NumberFormat(locale, { style: 'currency', currency });
  const digits = format.resolvedOptions().maximumFractionDigits ?? 2;
  return format.format(minor / 10 ** digits);
}
