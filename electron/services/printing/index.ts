import { StationError, describeZodError } from '../../../shared/errors';
import { LabelSchema, type Label } from '../../../shared/labels/label';
import { layoutLabel } from '../../../shared/labels/layout';
import { renderEscPos } from './escpos';
import { sendToPrinter, type SendResult } from './transport';
import { renderZpl } from './zpl';

/**
 * export type PrinterConfig =
 *   | { kind: 'escpos'; interface: string; width?: 58 | 80; type?: 'epson' | 'star' }
 *   | { kind: 'zpl'; interface: string; size?: '4x6' | '2x1' };
 * — inferred from its zod schema in shared/labels, where settings and the IPC contract validate it too.
 */
export type { PrinterConfig } from '../../../shared/labels/printer-config';
import type { PrinterConfig } from '../../../shared/labels/printer-config';

/** The bytes a printer gets for a label: ESC/POS or ZPL, from the same layout the preview shows. */
export function renderLabel(label: Label, printer: PrinterConfig): Buffer {
  if (printer.kind === 'escpos') return renderEscPos(layoutLabel(label, { language: 'escpos', width: printer.width ?? 80 }), printer.type ?? 'epson');
  return Buffer.from(renderZpl(layoutLabel(label, { language: 'zpl', size: printer.size ?? '4x6' })), 'utf8');
}

/**
 * Prints a label; rejects with a StationError a clerk can act on (invalid label, printer off, outcome
 * unknown). Resolves `confirmed` when the printer answered after reading the whole job.
 */
export async function printLabel(label: Label, printer: PrinterConfig): Promise<SendResult> {
  const parsed = LabelSchema.safeParse(label);
  if (!parsed.success) throw new StationError('invalid_label', `This label cannot be printed: ${describeZodError(parsed.error)}`);
  return sendToPrinter(printer.interface, renderLabel(parsed.data, printer), { confirm: printer.kind });
}
