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
  })
  .strict();
export type PrinterSettings = z.infer<typeof PrinterSettingsSchema>;
