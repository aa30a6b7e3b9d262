import type { Label, LabelKind } from './label';
import { wrapText } from './text-width';

export type PaperTarget = { language: 'escpos'; width: 58 | 80 } | { language: 'zpl'; size: '4x6' | '2x1' };

export type LayoutElement =
  | { type: 'text'; text: string; size: 'large' | 'normal' | 'small'; bold: boolean; align: 'left' | 'center' }
  | { type: 'barcode'; symbology: 'code128'; data: string }
  | { type: 'qr'; data: string }
  | { type: 'rule' };

export interface LabelLayout {
  target: PaperTarget;
  /** Characters of normal text per line. */
  columns: number;
  elements: LayoutElement[];
  copies: number;
}

/** Normal-text columns: 58 mm ESC/POS paper 32, 80 mm 48; a 4×6 in label 40, a 2×1 in label 20. */
export function columnsFor(target: PaperTarget): number {
  if (target.language === 'escpos') return target.width === 58 ? 32 : 48;
  return target.size === '4x6' ? 40 : 20;
}

/** Labels that must stand out on a shelf carry a banner, in both languages (clerks read either). */
const BANNERS: Partial<Record<LabelKind, string>> = { exception: '异常 EXCEPTION', 'gift-task': '赠品任务 GIFT TASK', manifest: '装箱单 MANIFEST' };

/**
 * The one place that decides what a label shows and in what order; the ESC/POS and ZPL renderers and
 * the on-screen preview each draw this layout, so the preview shows exactly what is printed.
 * Per kind: exception, gift-task and manifest labels open with a banner, a container's code is printed large.
 * A 2×1 in label has room for the title, the barcode and its code only (and a banner).
 */
/**
 * Control characters (line breaks, ESC, GS, NUL…) never reach a printer from a field: they could end a
 * line, start a printer command, or add a line to a file-backed printer. They become a space. Every
 * renderer (ESC/POS, ZPL, preview) draws from this layout, so this is the one place to do it.
 */
const plain = (t: string) => t.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, ' ');

export function layoutLabel(raw: Label, target: PaperTarget): LabelLayout {
  const label: Label = {
    ...raw,
    title: plain(raw.title),
    code: plain(raw.code),
    lines: raw.lines.map(plain),
    ...(raw.qr !== undefined ? { qr: plain(raw.qr) } : {}),
    ...(raw.footer !== undefined ? { footer: plain(raw.footer) } : {}),
  };
  const columns = columnsFor(target);
  const small = target.language === 'zpl' && target.size === '2x1';
  const text = (t: string, size: 'large' | 'normal' | 'small', bold = false, align: 'left' | 'center' = 'left'): LayoutElement[] =>
    wrapText(t, size === 'large' ? Math.floor(columns / 2) : size === 'small' ? columns + Math.floor(columns / 3) : columns).map((line) => ({
      type: 'text',
      text: line,
      size,
      bold,
      align,
    }));

  const banner = BANNERS[label.kind];
  const elements: LayoutElement[] = [
    ...(banner ? [...text(banner, 'large', true, 'center'), { type: 'rule' } as const] : []),
    ...text(label.title, small ? 'normal' : 'large', true, 'center'),
    { type: 'barcode', symbology: 'code128', data: label.code },
    // A container's code is read across the floor: large.
    ...text(label.code, (label.kind === 'container' || label.kind === 'manifest') && !small ? 'large' : 'normal', true, 'center'),
  ];
  if (!small) {
    if (label.lines.length) elements.push({ type: 'rule' });
    for (const line of label.lines) elements.push(...text(line, 'normal'));
    if (label.qr) elements.push({ type: 'qr', data: label.qr });
    if (label.footer) elements.push({ type: 'rule' }, ...text(label.footer, 'small', false, 'center'));
  }
  return { target, columns, elements, copies: label.copies ?? 1 };
}
