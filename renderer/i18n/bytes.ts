/** A byte count in MB or GB, in the UI's language (Intl's units: "1.2 GB", "1.2 GB" in 中文 too). */
export function formatBytes(bytes: number, lng: string): string {
  const gb = bytes / 1024 ** 3;
  return gb >= 1
    ? new Intl.NumberFormat(lng, { style: 'unit', unit: 'gigabyte', maximumFractionDigits: 1 }).format(gb)
    : new Intl.NumberFormat(lng, { style: 'unit', unit: 'megabyte', maximumFractionDigits: 0 }).format(bytes / 1024 ** 2);
}
