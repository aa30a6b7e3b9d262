import type { LabelLayout, LayoutElement } from '../../../shared/labels/layout';

const DPI = 203;
const SIZES = { '4x6': { w: 4 * DPI, h: 6 * DPI }, '2x1': { w: 2 * DPI, h: 1 * DPI } } as const;

/** ^FH field data: ^ ~ and the escape character itself are written as hex so text cannot end a field. */
const field = (text: string) => `^FH_^FD${text.replace(/[_^~]/g, (c) => `_${c.charCodeAt(0).toString(16).toUpperCase()}`)}^FS`;

/**
 * A label layout as ZPL II for Zebra-type printers at 203 dpi. UTF-8 (^CI28); text uses the scalable
 * font for Latin and `cjkFont` (a font the printer holds, e.g. Zebra's SimSun) where a line has Chinese.
 */
export function renderZpl(layout: LabelLayout, options: { cjkFont?: string } = {}): string {
  if (layout.target.language !== 'zpl') throw new Error('renderZpl needs a ZPL layout');
  const { w, h } = SIZES[layout.target.size];
  const margin = layout.target.size === '4x6' ? 30 : 12;
  const usable = w - 2 * margin;
  const cjkFont = options.cjkFont ?? 'E:SIMSUN.FNT';
  const out = ['^XA', '^CI28', `^PW${w}`, `^LL${h}`, '^LH0,0'];
  let y = margin;
  const heights = {
    large: Math.round((usable / layout.columns) * 3.2),
    normal: Math.round((usable / layout.columns) * 1.6),
    small: Math.round((usable / layout.columns) * 1.2),
  };

  for (const e of layout.elements as LayoutElement[]) {
    if (e.type === 'text') {
      const size = heights[e.size];
      const font = /[^\x00-\x7f]/.test(e.text) ? `^A@N,${size},${size},${cjkFont}` : `^A0N,${size},${size}`;
      out.push(`^FO${margin},${y}${font}^FB${usable},1,0,${e.align === 'center' ? 'C' : 'L'},0${field(e.text)}`);
      y += size + 6;
    } else if (e.type === 'barcode') {
      const barHeight = layout.target.size === '4x6' ? 160 : 70;
      out.push(`^FO${margin},${y}^BY${layout.target.size === '4x6' ? 3 : 2}^BCN,${barHeight},N,N,N${field(e.data)}`);
      y += barHeight + 10;
    } else if (e.type === 'qr') {
      out.push(`^FO${margin},${y}^BQN,2,5${field(`MA,${e.data}`)}`);
      y += 180;
    } else {
      out.push(`^FO${margin},${y}^GB${usable},2,2^FS`);
      y += 12;
    }
  }
  out.push(`^PQ${layout.copies},0,1,Y`, '^XZ');
  return `${out.join('\n')}\n`;
}
