import { z } from 'zod';

export const DEVICE_STATES = ['connecting', 'connected', 'no_data', 'error', 'disconnected'] as const;

/** What the status bar and the Devices page show for one configured device. */
export const DeviceStatusSchema = z.object({
  id: z.string(),
  role: z.enum(['scale', 'scanner', 'printer']),
  label: z.string(),
  path: z.string(),
  state: z.enum(DEVICE_STATES),
  /** Why it is not connected, or what went wrong, for a person. */
  message: z.string().optional(),
  since: z.string(),
  /** Reconnect attempts since the device was last connected. */
  attempts: z.number().int().nonnegative(),
});
export type DeviceStatus = z.infer<typeof DeviceStatusSchema>;
