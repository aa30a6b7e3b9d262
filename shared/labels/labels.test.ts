import { describe, expect, it } from 'vitest';
import { LabelSchema, type Label } from './label';
import { layoutLabel } from './layout';
import { textColumns, wrapText } from './text-width';
import { unitLabel } from '../../test/helpers/labels';

const unit: Label = unitLabel;

describe('label model', () => {
  it('accepts a unit label and refuses a code Code 128 cannot carry', () => {
    expect(LabelSchema.safeParse(unit).success).toBe(true);
    expect(LabelSchema.safeParse({ ...unit, code: 'LPN丝巾' }).success).toBe(false);
    expect(LabelSchema.safeParse({ ...unit, copies: 0 }).success).toBe(false);
  });
});

describe('layout', () => {
  it('title, barcode, the code under it, the lines, QR and footer, in that order', () => {
    const layout = layoutLabel(unit, { language: 'escpos', width: 80 });
    expect(layout.elements.map((e) => e.type)).toEqual(['text', 'barcode', 'text', 'rule', 'text', 'text', 'text', 'qr', 'rule', 'text']);
    expect(layout.elements[1]).toEqual({ type: 'barcode', symbology: 'code128', data: 'LPN00000000A1' });
    expect(layout.elements[2]).toMatchObject({ type: 'text', text: 'LPN00000000A1', align: 'center' });
    expect(layout.copies).toBe(1);
  });

  it('per kind: exception and gift-task labels open with a banner; a container code is large', () => {
    const first = (kind: Label['kind']) => layoutLabel({ ...unit, kind }, { language: 'escpos', width: 80 }).elements[0];
    expect(first('exception')).toMatchObject({ type: 'text', text: '异常 EXCEPTION', size: 'large' });
    expect(first('gift-task')).toMatchObject({ type: 'text', text: '赠品任务 GIFT TASK', size: 'large' });
    expect(first('unit')).toMatchObject({ type: 'text', text: unit.title });
    const container = layoutLabel({ ...unit, kind: 'container', code: 'BIN-RESTOCK-01' }, { language: 'escpos', width: 80 }).elements;
    expect(container[2]).toMatchObject({ type: 'text', text: 'BIN-RESTOCK-01', size: 'large' });
  });

  it('a 2×1 in label keeps only title, barcode and code', () => {
    expect(layoutLabel(unit, { language: 'zpl', size: '2x1' }).elements.map((e) => e.type)).toEqual(['text', 'barcode', 'text']);
  });

  it('wraps Chinese at the paper width, counting each character as two columns', () => {
    const layout = layoutLabel({ ...unit, lines: ['退货原因：尺码不合适，买家已签收七天内申请无理由退货，商品吊牌完好'] }, { language: 'escpos', width: 58 });
    const lines = layout.elements.filter((e): e is Extract<typeof e, { type: 'text' }> => e.type === 'text' && e.size === 'normal').map((e) => e.text);
    for (const line of lines) expect(textColumns(line)).toBeLessThanOrEqual(32);
    expect(lines.join('')).toContain('退货原因：尺码不合适，买家已签收七天内申请无理由退货，商品吊牌完好');
  });
});

describe('wrapText', () => {
  it.each([
    ['short', 10, ['short']],
    ['two words here', 9, ['two words', 'here']],
    ['averyveryverylongword', 8, ['averyver', 'yverylon', 'gword']],
    ['中文中文中文', 5, ['中文', '中文', '中文']],
    ['', 5, ['']],
  ])('%j at %i columns', (text, cols, out) => expect(wrapText(text, cols)).toEqual(out));
});
