import type { Label } from '../../../shared/labels/label';

/** A test page: the barcode, Chinese text (GB18030 on ESC/POS) and the printer's name, to check at a glance. */
export function testLabel(printerName: string, now: Date, locale: string): Label {
  const stamp = now.toISOString().replace(/\D/g, '').slice(2, 14);
  return {
    kind: 'container',
    code: `TEST-${stamp}`,
    title: 'Printer test · 打印测试',
    lines: [printerName, '中文：退货 赠品 吊牌 已验货', 'ABCDEFGHIJKLMNOPQRSTUVWXYZ 0123456789'],
    qr: `TEST-${stamp}`,
    footer: now.toLocaleString(locale),
  };
}
