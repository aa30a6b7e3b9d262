import type { TFunction } from 'i18next';
import type { Label } from '../../../shared/labels/label';

/**
 * The packing bench's labels, in the UI's language: a container's label (its id as barcode, read across
 * the floor), its manifest at the close, and a restock unit's shelf label. The layout (shared/labels)
 * decides how each prints.
 */

export interface BenchLabelContext {
  t: TFunction;
  stationId: string;
  locale: string;
  now: Date;
}

const routeName = (t: TFunction, route: string, vendor?: string) => `${t(`vocab.channels.${route}`)}${vendor ? ` · ${vendor}` : ''}`;
const footer = (c: BenchLabelContext, who: string) => `${c.stationId} · ${who} · ${c.now.toLocaleString(c.locale)}`.slice(0, 80);

export function containerLabel(c: BenchLabelContext, input: { id: string; route: string; vendor?: string | undefined; by: string }): Label {
  return {
    kind: 'container',
    code: input.id,
    title: routeName(c.t, input.route, input.vendor).slice(0, 80),
    lines: [c.t('bench.label.scanUnitsIn')],
    footer: footer(c, input.by),
  };
}

/** Label lines hold at most 12: the count and weight, then the products (most first), then how many more. */
const MANIFEST_PRODUCT_LINES = 9;

export function manifestLabel(
  c: BenchLabelContext,
  input: { id: string; route: string; vendor?: string | undefined; weightGrams: number; units: { lpn: string; name: string }[]; by: string },
): Label {
  const byName = new Map<string, number>();
  for (const u of input.units) byName.set(u.name, (byName.get(u.name) ?? 0) + 1);
  const products = [...byName].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  const shown = products.slice(0, products.length > MANIFEST_PRODUCT_LINES ? MANIFEST_PRODUCT_LINES - 1 : MANIFEST_PRODUCT_LINES);
  const rest = products.slice(shown.length).reduce((n, [, q]) => n + q, 0);
  const lpns = input.units.map((u) => u.lpn).join(' ');
  return {
    kind: 'manifest',
    code: input.id,
    title: routeName(c.t, input.route, input.vendor).slice(0, 80),
    lines: [
      c.t('bench.label.manifestCount', { count: input.units.length, kg: (input.weightGrams / 1000).toFixed(2) }),
      ...shown.map(([name, qty]) => `${name.slice(0, 140)} × ${qty}`),
      ...(rest > 0 ? [c.t('bench.label.manifestMore', { count: rest })] : []),
    ],
    // The LPNs, for a scanner at the receiving end, when they fit a QR code.
    ...(lpns.length > 0 && lpns.length <= 400 ? { qr: lpns } : {}),
    footer: footer(c, input.by),
  };
}

/** What the sales side needs on the shelf: the product's barcode, its name, grade and size; the LPN in small print. */
export function shelfLabel(
  c: BenchLabelContext,
  input: { gtin: string; name: string; grade: string; size?: string | undefined; lpn: string; by: string },
): Label {
  return {
    kind: 'shelf',
    code: input.gtin.replace(/^0(?=\d{13}$)/, ''),
    title: input.name.slice(0, 80),
    lines: [
      c.t('bench.label.grade', { grade: c.t(`vocab.grades.${input.grade}`) }),
      ...(input.size ? [c.t('bench.label.size', { size: input.size })] : []),
      input.lpn,
    ].filter((l) => l.length > 0),
    footer: footer(c, input.by),
  };
}
