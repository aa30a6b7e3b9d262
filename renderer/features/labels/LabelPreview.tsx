import { toSVG } from 'bwip-js/browser';
import { useMemo } from 'react';
import type { Label } from '../../../shared/labels/label';
import { layoutLabel, type PaperTarget } from '../../../shared/labels/layout';

const svgUrl = (svg: string) => `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`;

/**
 * The label as it prints: drawn from the same layout the ESC/POS and ZPL renderers use, with the
 * barcode and QR made by bwip-js, on paper of the printer's width.
 */
export function LabelPreview({ label, target }: { label: Label; target: PaperTarget }) {
  const layout = useMemo(() => layoutLabel(label, target), [label, target]);
  const paperMm = target.language === 'escpos' ? target.width : target.size === '4x6' ? 101.6 : 50.8;
  const widthPx = Math.round(paperMm * 4.5);
  // One printer column in pixels: a monospaced CJK font draws Latin at half an em and Chinese at a
  // full em, which is how the printer counts them, so a line fits here exactly when it fits on paper.
  const column = widthPx / layout.columns;
  return (
    <figure
      className="label-preview"
      style={{ width: `${widthPx + 20}px`, ['--col' as string]: `${column}px` }}
      data-testid="label-preview"
      aria-label={`${label.title} ${label.code}`}
    >
      {layout.elements.map((e, i) => {
        if (e.type === 'text')
          return (
            <div key={i} className={`lp-text lp-${e.size} ${e.bold ? 'lp-bold' : ''} lp-${e.align}`}>
              {e.text}
            </div>
          );
        if (e.type === 'rule') return <hr key={i} className="lp-rule" />;
        const svg =
          e.type === 'barcode' ? toSVG({ bcid: 'code128', text: e.data, height: 12, includetext: false }) : toSVG({ bcid: 'qrcode', text: e.data, scale: 2 });
        return <img key={i} className={`lp-${e.type}`} src={svgUrl(svg)} alt={e.data} data-testid={`preview-${e.type}`} />;
      })}
      {layout.copies > 1 && <figcaption>× {layout.copies}</figcaption>}
    </figure>
  );
}
