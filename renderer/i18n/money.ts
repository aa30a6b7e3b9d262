/** Integer minor units → the currency's display, e.g. 39900 CNY → ¥399.00 (zh-CN) or CN¥399.00 (en). */
export function formatMinorUnits(minor: number, currency: string, locale: string): string {
  let format: Intl.NumberFormat;
  try {
    format = new Intl.NumberFormat(locale, { style: 'currency', currency });
  } catch {
    // No (or no valid) currency known for it: the amount in two decimals, never a crash of the page.
    return (minor / 100).toFixed(2);
  }
  const digits = format.resolvedOptions().maximumFractionDigits ?? 2;
  return format.format(minor / 10 ** digits);
}
