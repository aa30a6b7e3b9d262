import { z } from 'zod';

/** How a printer is reached and what it speaks (the printing service's PrinterConfig). */
export const PrinterConfigSchema = z.discriminatedUnion('kind', [
  z
    .object({
      kind: z.literal('escpos'),
      /** tcp://host:port, a device path (/dev/usb/lp0), or file:/path. */
      interface: z.string().min(1).max(256),
      width: z.union([z.literal(58), z.literal(80)]).optional(),
      type: z.enum(['epson', 'star']).optional(),
    })
    .strict(),
  z
    .object({
      kind: z.literal('zpl'),
      /** tcp://host:port or file:/path. */
      interface: z.string().min(1).max(256),
      size: z.enum(['4x6', '2x1']).optional(),
    })
    .strict(),
]);
export type PrinterConfig = z.infer<typeof PrinterConfigSchema>;

export const PrinterSettingsSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9][a-z0-9-]{0,63}$/, 'lower-case letters, digits and dashes'),
    label: z.string().max(64),
    config: PrinterConfigSchema,
    /** Where it stands: at the receiving dock (the default) or at a packing bench. */
    place: z.enum(['dock', 'bench']).optional(),
  })
  .strict();
export type PrinterSettings = z.infer<typeof PrinterSettingsSchema>;
export type PrinterPlace = NonNullable<PrinterSettings['place']>;

/**
 * The printer for labels made at a place: the first one standing there; a station with printers at one
 * place only prints everything there (a small dock has one printer for the dock and the bench).
 */
export function printerFor<P extends Pick<PrinterSettings, 'place'>>(printers: readonly P[], place: PrinterPlace): P | undefined {
  return printers.find((p) => (p.place ?? 'dock') === place) ?? printers[0];
}
