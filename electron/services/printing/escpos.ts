import iconv from 'iconv-lite';
import { CharacterSet, PrinterTypes, ThermalPrinter } from 'node-thermal-printer';
import type { LabelLayout, LayoutElement } from '../../../shared/labels/layout';

/** FS & / FS .: enter and leave Chinese (double-byte) character mode. */
const CHINESE_ON = Buffer.from([0x1c, 0x26]);
const CHINESE_OFF = Buffer.from([0x1c, 0x2e]);
const hasNonAscii = (s: string) => /[^\x00-\x7f]/.test(s);

/**
 * A label layout as ESC/POS bytes, built with node-thermal-printer's command encoders (alignment, text
 * size, Code 128 with `GS k`, QR, cut with `GS V`). The printer is put in its Chinese code page
 * (`setCharacterSet(CHINA)`, ESC R 15); Chinese text is written in Chinese character mode as GB18030,
 * which is byte-for-byte the library's EUC-CN on the common characters and also covers the rare ones in
 * names that EUC-CN (GB2312) cannot encode.
 */
export function renderEscPos(layout: LabelLayout, type: 'epson' | 'star' = 'epson'): Buffer {
  if (layout.target.language !== 'escpos') throw new Error('renderEscPos needs an ESC/POS layout');
  // The interface is never used: bytes are taken with getBuffer() and sent by our own transport.
  const p = new ThermalPrinter({
    type: type === 'star' ? PrinterTypes.STAR : PrinterTypes.EPSON,
    interface: '/dev/null',
    width: layout.columns,
    removeSpecialCharacters: false,
  });
  const copies: Buffer[] = [];
  for (let copy = 0; copy < layout.copies; copy++) {
    p.clear();
    p.setCharacterSet(CharacterSet.CHINA);
    for (const element of layout.elements) printElement(p, element, layout.columns);
    p.cut();
    copies.push(p.getBuffer());
  }
  return Buffer.concat(copies);
}

function printElement(p: ThermalPrinter, e: LayoutElement, columns: number) {
  switch (e.type) {
    case 'text': {
      if (e.align === 'center') p.alignCenter();
      else p.alignLeft();
      p.bold(e.bold);
      // Large is double width and height: the layout wraps it at half the columns.
      if (e.size === 'large') p.setTextQuadArea();
      else if (e.size === 'small') p.setTypeFontB();
      else p.setTextNormal();
      if (hasNonAscii(e.text)) p.add(Buffer.concat([CHINESE_ON, iconv.encode(e.text, 'GB18030'), CHINESE_OFF, Buffer.from('\n')]));
      else p.println(e.text);
      p.setTextNormal();
      p.bold(false);
      return;
    }
    case 'barcode':
      p.alignCenter();
      // The Epson encoder reads numeric module width (2–6), height in dots and HRI position (0: none,
      // the code is printed as text under the bars instead); its type declaration says otherwise.
      p.code128(e.data, { width: columns >= 48 ? 3 : 2, height: 80, hriPos: 0 } as unknown as Parameters<ThermalPrinter['code128']>[1]);
      p.newLine();
      return;
    case 'qr':
      p.alignCenter();
      p.printQR(e.data, { cellSize: 5, correction: 'M', model: 2 });
      p.newLine();
      return;
    case 'rule':
      p.alignLeft();
      p.drawLine();
      return;
  }
}
