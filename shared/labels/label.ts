import { z } from 'zod';

export const LABEL_KINDS = ['parcel', 'unit', 'container', 'manifest', 'shelf', 'exception', 'gift-task'] as const;
export type LabelKind = (typeof LABEL_KINDS)[number];

/** What a label says, whatever prints it: ESC/POS paper, a ZPL label or the preview on screen. */
export const LabelSchema = z
  .object({
    kind: z.enum(LABEL_KINDS),
    /** Printed as a Code 128 barcode and as text under it (an LPN, an RMA, a container id). */
    code: z
      .string()
      .min(1)
      .max(48)
      .regex(/^[\x20-\x7e]+$/, 'Code 128 carries printable ASCII only'),
    title: z.string().min(1).max(80),
    lines: z.array(z.string().max(160)).max(12),
    qr: z.string().min(1).max(400).optional(),
    copies: z.number().int().min(1).max(20).optional(),
    /** Small print at the bottom: station, clerk, local time. */
    footer: z.string().max(80).optional(),
  })
  .strict();
export type Label = z.infer<typeof LabelSchema>;
