import { z } from 'zod';
import { DEFAULT_STATION_CODES, StationCodeSettingsSchema } from '../barcode/station-codes';
import { SCALE_PROTOCOLS } from '../devices/scale-types';
import { DEFAULT_WEDGE_SETTINGS, WedgeSettingsSchema } from '../devices/wedge';
import { PrinterSettingsSchema } from '../labels/printer-config';
import { mergeSettings } from './merge';
import { isTimeZone } from '../returns/dates';

export const LANGUAGES = ['zh-CN', 'en'] as const;
export const LanguageSchema = z.enum(LANGUAGES);
export type Language = z.infer<typeof LanguageSchema>;

export const StationSettingsSchema = z
  .object({
    /** Identifies this station to HQ and in every record it writes. */
    id: z.string().regex(/^[A-Z0-9][A-Z0-9-]{1,31}$/, 'use 2–32 capital letters, digits or dashes'),
    name: z.string().max(64),
    warehouseId: z.string().max(32),
    /** The zone the station's day (its report, its close) is counted in; empty: the computer's own. */
    timeZone: z
      .string()
      .max(64)
      .refine((v) => v === '' || isTimeZone(v), 'an IANA time zone such as Asia/Shanghai')
      .optional(),
  })
  .strict();

export const UiSettingsSchema = z
  .object({
    /** null until someone picks a language: the UI then follows the system language. */
    language: LanguageSchema.nullable(),
  })
  .strict();

export const DEVICE_ROLES = ['scale', 'scanner', 'printer'] as const;

/** A serial device the station opens and keeps open (reconnecting when it is unplugged). */
export const DeviceConfigSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9][a-z0-9-]{0,63}$/, 'lower-case letters, digits and dashes'),
    role: z.enum(DEVICE_ROLES),
    label: z.string().max(64),
    path: z.string().min(1).max(256),
    baudRate: z.number().int().min(300).max(921_600),
    dataBits: z.union([z.literal(7), z.literal(8)]),
    parity: z.enum(['none', 'even', 'odd']),
    stopBits: z.union([z.literal(1), z.literal(2)]),
    /** For scales: the protocol it speaks. */
    protocol: z.enum(SCALE_PROTOCOLS).optional(),
    /** For scales that send no unit (Toledo): the unit they are set to. */
    unit: z.enum(['kg', 'g', 'lb', 'oz']).optional(),
    /** For scales: the lightest reading that counts as a parcel (default 20 g). */
    minParcelGrams: z.number().int().min(1).max(100_000).optional(),
    /** USB identity, so a device that comes back on another path is found again. */
    serialNumber: z.string().max(128).optional(),
    vendorId: z.string().max(16).optional(),
    productId: z.string().max(16).optional(),
    /** The USB port it was plugged into: two identical adapters without serial numbers are told apart by it. */
    usbLocation: z.string().max(256).optional(),
  })
  .strict()
  .refine((d) => d.role !== 'scale' || d.protocol !== undefined, { message: 'a scale needs its protocol', path: ['protocol'] });
export type DeviceConfig = z.infer<typeof DeviceConfigSchema>;

export const ScanningSettingsSchema = z
  .object({
    /** The station's own barcodes: RMA, LPN and command patterns (hardware.md gives the defaults). */
    codes: StationCodeSettingsSchema,
    /** Keyboard-wedge scanners: how a burst is told from typing. */
    wedge: WedgeSettingsSchema,
  })
  .strict();

export const HqSettingsSchema = z
  .object({
    /** Where HQ answers, e.g. https://hq.example.com (empty until the station is enrolled). */
    url: z.union([z.literal(''), z.url({ protocol: /^https?$/ }).max(300)]),
  })
  .strict();

export const AppSettingsSchema = z
  .object({
    /** Where updates are published (electron-updater's generic provider; HQ can serve the files); empty: none. */
    updateUrl: z.union([z.literal(''), z.url({ protocol: /^https?$/ }).max(300)]),
    /** Full screen with no way out but the app's own: for a dock PC that does nothing else. */
    kiosk: z.boolean(),
    /** Start the station when the dock PC's user logs in. */
    startOnLogin: z.boolean(),
    /** Photos HQ already holds are removed from the station after this many days when space runs low. */
    photoRetentionDays: z.number().int().min(1).max(3650),
  })
  .strict();

export const SettingsSchema = z
  .object({
    version: z.literal(1),
    station: StationSettingsSchema,
    hq: HqSettingsSchema,
    app: AppSettingsSchema,
    ui: UiSettingsSchema,
    scanning: ScanningSettingsSchema,
    devices: z.array(DeviceConfigSchema).max(32),
    /** Label printers; the first is where labels go. */
    printers: z.array(PrinterSettingsSchema).max(8),
  })
  .strict()
  .refine((s) => new Set(s.devices.map((d) => d.id)).size === s.devices.length, { message: 'two devices share an id', path: ['devices'] })
  .refine((s) => new Set(s.printers.map((p) => p.id)).size === s.printers.length, { message: 'two printers share an id', path: ['printers'] });
export type Settings = z.infer<typeof SettingsSchema>;

export const DEFAULT_SETTINGS: Settings = {
  version: 1,
  station: { id: 'STATION-01', name: '', warehouseId: '' },
  hq: { url: '' },
  app: { updateUrl: '', kiosk: false, startOnLogin: false, photoRetentionDays: 30 },
  ui: { language: null },
  scanning: { codes: DEFAULT_STATION_CODES, wedge: DEFAULT_WEDGE_SETTINGS },
  devices: [],
  printers: [],
};

/** What a caller may change: any section, any field of it; arrays replace as a whole. */
export const SettingsPatchSchema = z
  .object({
    station: StationSettingsSchema.partial(),
    hq: HqSettingsSchema.partial(),
    app: AppSettingsSchema.partial(),
    ui: UiSettingsSchema.partial(),
    scanning: z.object({ codes: StationCodeSettingsSchema.partial(), wedge: WedgeSettingsSchema.partial() }).partial().strict(),
    devices: z.array(DeviceConfigSchema).max(32),
    printers: z.array(PrinterSettingsSchema).max(8),
  })
  .partial()
  .strict();
export type SettingsPatch = z.infer<typeof SettingsPatchSchema>;

export const SettingsWarningSchema = z.object({
  code: z.enum(['settings_corrupt', 'settings_unreadable']),
  message: z.string(),
  backupPath: z.string().optional(),
});
export type SettingsWarning = z.infer<typeof SettingsWarningSchema>;

export const SettingsStateSchema = z.object({
  settings: SettingsSchema,
  /** Where the file lives, so a person can find it. */
  path: z.string(),
  warning: SettingsWarningSchema.optional(),
});
export type SettingsState = z.infer<typeof SettingsStateSchema>;

/**
 * Reads a settings document written by any earlier version: missing fields take their defaults,
 * anything present must be valid. Never throws; the caller decides what a failure means.
 */
export function parseSettingsDocument(doc: unknown) {
  return SettingsSchema.safeParse(mergeSettings(DEFAULT_SETTINGS, doc));
}
