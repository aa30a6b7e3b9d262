import type { Label } from '../../shared/labels/label';

/** A unit label as the receiving flow prints it: a Chinese product name, a gift line, QR and footer. */
export const unitLabel: Label = {
  kind: 'unit',
  code: 'LPN00000000A1',
  title: '真丝连衣裙 红色 M',
  lines: ['RMA-2026A0001 · DRESS-RED-M', '赠品：丝巾 ×1（已退回）', 'Grade A · SELLABLE → restock'],
  qr: 'LPN00000000A1',
  footer: 'STATION-01 · 2026-11-24 14:30',
};
