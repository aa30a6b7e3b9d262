/**
 * The station's IPC contract: the only place that names channels.
 *
 * From this one object come the Electron preload (one function per call, one subscribe function per
 * event), the main-process handler registration, the browser-mode WebSocket host and its renderer shim.
 * Inputs are zod schemas checked on the service side of every transport; outputs are schemas too, so
 * their types are inferred here and nowhere else.
 */
import { z } from 'zod';
import type { StationErrorData } from '../errors';
import { DeviceStatusSchema } from '../devices/device-status';
import { SCALE_PROTOCOLS, ScaleReadingSchema } from '../devices/scale-types';
import { LabelSchema } from '../labels/label';
import { SettingsPatchSchema, SettingsStateSchema } from '../settings/schema';
import { PullResponseSchema, PushRequestSchema, PushResponseSchema, Sha256Hex } from '../sync/protocol';

export interface CallSpec<I extends z.ZodType = z.ZodType, O extends z.ZodType = z.ZodType> {
  readonly kind: 'call';
  readonly input: I;
  readonly output: O;
}
export interface EventSpec<P extends z.ZodType = z.ZodType> {
  readonly kind: 'event';
  readonly payload: P;
}

const call = <I extends z.ZodType, O extends z.ZodType>(input: I, output: O): CallSpec<I, O> => ({
  kind: 'call',
  input,
  output,
});
const event = <P extends z.ZodType>(payload: P): EventSpec<P> => ({ kind: 'event', payload });

/** Calls that take nothing still validate: anything but `undefined` is a caller's mistake. */
const NoInput = z.undefined();

export const AppInfoSchema = z.object({
  name: z.string(),
  version: z.string(),
  /** How the renderer reaches the services: Electron IPC, or the browser-mode WebSocket host. */
  mode: z.enum(['electron', 'browser']),
  platform: z.string(),
  dataDir: z.string(),
  logFile: z.string(),
  startedAt: z.string(),
});
export type AppInfo = z.infer<typeof AppInfoSchema>;

export const SerialPortInfoSchema = z.object({
  path: z.string(),
  manufacturer: z.string().optional(),
  serialNumber: z.string().optional(),
  vendorId: z.string().optional(),
  productId: z.string().optional(),
  pnpId: z.string().optional(),
  /** Where it is plugged in (the USB port's path, from /dev/serial/by-path): tells identical adapters apart. */
  usbLocation: z.string().optional(),
});
export type SerialPortInfo = z.infer<typeof SerialPortInfoSchema>;

export const SerialPortListSchema = z.object({
  ports: z.array(SerialPortInfoSchema),
  /** Set when the system's device list could not be read and only device files are listed: why. */
  detailsMissing: z.string().optional(),
});
export type SerialPortList = z.infer<typeof SerialPortListSchema>;

export const LOG_LEVELS = ['debug', 'info', 'warn', 'error'] as const;
export const LogEntrySchema = z
  .object({
    level: z.enum(LOG_LEVELS),
    message: z.string().min(1).max(4000),
    /** Where in the renderer it happened (feature, component), kept small and JSON-only. */
    context: z.record(z.string(), z.union([z.string().max(2000), z.number(), z.boolean(), z.null()])).optional(),
  })
  .strict();
export type LogEntry = z.infer<typeof LogEntrySchema>;

const DeviceId = z.object({ id: z.string().min(1).max(64) }).strict();

export const DetectResultSchema = z.object({
  protocol: z.enum(SCALE_PROTOCOLS).nullable(),
  reading: ScaleReadingSchema.optional(),
  tried: z.array(z.object({ protocol: z.enum(SCALE_PROTOCOLS), outcome: z.string() })),
});

export const HqLinkStatusSchema = z.object({
  enrolled: z.boolean(),
  warehouseId: z.string().optional(),
  stationId: z.string().optional(),
  installId: z.string().optional(),
  lpnPrefix: z.string().optional(),
  enrolledAt: z.string().optional(),
  /** Where the token is kept: the OS keyring (Electron safeStorage) or a 0600 file in the data directory. */
  tokenStorage: z.enum(['os-keyring', 'file']),
});
export type HqLinkStatus = z.infer<typeof HqLinkStatusSchema>;

export const UpdateStatusSchema = z.object({
  /** False in browser mode: updates are the desktop app's. */
  supported: z.boolean(),
  phase: z.enum(['off', 'idle', 'checking', 'downloading', 'downloaded', 'failed']),
  feedUrl: z.string().nullable(),
  version: z.string().optional(),
  lastCheckAt: z.number().optional(),
  error: z.string().optional(),
});
export type UpdateStatus = z.infer<typeof UpdateStatusSchema>;

/** The disk the station's data lives on: the page cannot see it, and a full disk loses records. */
export const DiskSpaceSchema = z.object({ freeBytes: z.number().nonnegative(), totalBytes: z.number().nonnegative() });
export type DiskSpace = z.infer<typeof DiskSpaceSchema>;

/** What support needs, from the service side; the page adds its own part and zips it all. */
export const ServiceDiagnosticsSchema = z.object({
  app: AppInfoSchema,
  node: z.string(),
  electron: z.string().optional(),
  /** Settings with nothing secret in them (no tokens, PIN hashes or keys). */
  settings: z.unknown(),
  /** The newest log lines (pino JSON), oldest first. */
  logTail: z.string(),
  ports: SerialPortListSchema,
  devices: z.array(DeviceStatusSchema),
  hq: HqLinkStatusSchema,
  disk: DiskSpaceSchema.nullable(),
  updates: UpdateStatusSchema,
});
export type ServiceDiagnostics = z.infer<typeof ServiceDiagnosticsSchema>;

export const calls = {
  appInfo: call(NoInput, AppInfoSchema),
  settingsGet: call(NoInput, SettingsStateSchema),
  settingsSet: call(SettingsPatchSchema, SettingsStateSchema),
  serialList: call(NoInput, SerialPortListSchema),
  logWrite: call(LogEntrySchema, z.undefined()),
  /** The state of every configured scale and scanner. */
  devicesStatus: call(NoInput, z.array(DeviceStatusSchema)),
  /** One reading from a scale, or one scan from a scanner within the wait. */
  devicesTest: call(
    DeviceId.extend({ timeoutMs: z.number().int().min(100).max(30_000).default(10_000) }),
    z.object({ reading: ScaleReadingSchema.optional(), scan: z.string().optional() }),
  ),
  /** Which protocol the scale on a (not yet configured) port speaks. */
  devicesDetect: call(z.object({ path: z.string().min(1).max(256) }).strict(), DetectResultSchema),
  /** A stable weight from a scale, or `scale_not_stable` / `scale_unavailable` saying why not. */
  scaleCapture: call(DeviceId.extend({ timeoutMs: z.number().int().min(200).max(30_000).default(5000) }), z.object({ grams: z.number() })),
  scaleCommand: call(DeviceId.extend({ command: z.enum(['zero', 'tare']) }), z.undefined()),
  /** Sends one label to a configured printer; rejects with printer_unreachable / printer_reset / … */
  printerPrint: call(z.object({ printerId: z.string().min(1).max(64), label: LabelSchema }).strict(), z.object({ confirmed: z.boolean() })),
  /** Paper, cover and online state where the printer can tell (ESC/POS over the network). */
  printerStatus: call(
    z.object({ printerId: z.string().min(1).max(64) }).strict(),
    z.union([
      z.object({ known: z.literal(false), reason: z.string() }),
      z.object({ known: z.literal(true), online: z.boolean(), coverOpen: z.boolean(), paperOut: z.boolean(), paperLow: z.boolean() }),
    ]),
  ),
  /** Whether this station is enrolled with HQ, and as what. The token itself never leaves Node. */
  hqStatus: call(NoInput, HqLinkStatusSchema),
  /** Enrols with a one-time code from HQ's admin; the station id and warehouse come from settings. */
  /** `replace`: a manager takes over a station id another computer holds (HQ refuses with station_taken otherwise). */
  hqEnrol: call(
    z
      .object({ url: z.url({ protocol: /^https?$/ }).max(300), code: z.string().trim().min(8).max(64), installId: z.uuid(), replace: z.boolean().optional() })
      .strict(),
    HqLinkStatusSchema,
  ),
  /** One batch of outbox records to HQ; rejects with hq_unreachable / hq_unavailable (try later) or hq_refused. */
  hqPush: call(PushRequestSchema, PushResponseSchema),
  hqPull: call(z.object({ checkpoint: z.string().max(200) }).strict(), PullResponseSchema),
  /** One part (≤ 1 MiB) of a photo: the page's messages are size-limited, so photos go in parts. */
  /**
   * The page as it prints (the report's print stylesheet) saved as a PDF in the data directory's exports.
   * Electron only (webContents.printToPDF); in browser mode it answers `pdf_unavailable` and the page
   * uses the browser's own print-to-PDF.
   */
  reportPdf: call(
    z.object({ fileName: z.string().regex(/^[A-Za-z0-9][\w.-]{0,79}\.pdf$/, 'a plain file name ending in .pdf') }).strict(),
    z.object({ path: z.string() }),
  ),
  /** Where the updater stands (checks, downloads in the background, installs only when the station is idle). */
  updateStatus: call(NoInput, UpdateStatusSchema),
  /** The page tells whether a parcel is open (or an item in hand) and that someone is working: no update restarts under a clerk. */
  stationActivity: call(z.object({ busy: z.boolean() }).strict(), z.undefined()),
  diskSpace: call(NoInput, DiskSpaceSchema.nullable()),
  diagnostics: call(NoInput, ServiceDiagnosticsSchema),
  hqPutBlobPart: call(
    z.object({ sha256: Sha256Hex, index: z.number().int().min(0).max(15), count: z.number().int().min(1).max(16), base64: z.string().max(1_400_000) }).strict(),
    z.object({ done: z.boolean() }),
  ),
} as const satisfies Record<string, CallSpec>;

export const events = {
  settingsChanged: event(SettingsStateSchema),
  deviceStatus: event(DeviceStatusSchema),
  scaleReading: event(z.object({ id: z.string(), reading: ScaleReadingSchema, at: z.string() })),
  scannerScan: event(z.object({ id: z.string(), data: z.string(), at: z.string() })),
} as const satisfies Record<string, EventSpec>;

export type Calls = typeof calls;
export type Events = typeof events;
export type CallName = keyof Calls;
export type EventName = keyof Events;
export type CallInput<K extends CallName> = z.input<Calls[K]['input']>;
/** What a handler receives: the input after validation. */
export type CallArg<K extends CallName> = z.output<Calls[K]['input']>;
export type CallOutput<K extends CallName> = z.output<Calls[K]['output']>;
export type EventPayload<E extends EventName> = z.output<Events[E]['payload']>;
export type Unsubscribe = () => void;

export const CALL_NAMES = Object.keys(calls) as CallName[];
export const EVENT_NAMES = Object.keys(events) as EventName[];

export function isCallName(name: string): name is CallName {
  return Object.hasOwn(calls, name);
}

/** The Electron channel string for a call or event. */
export const ipcChannel = (name: CallName | EventName): string => `station:${name}`;

/** `settingsChanged` → `onSettingsChanged`: the subscribe function's name for an event stream. */
export type SubscriberName<E extends EventName> = `on${Capitalize<E>}`;
export const subscriberName = <E extends EventName>(name: E): SubscriberName<E> => `on${name.charAt(0).toUpperCase()}${name.slice(1)}` as SubscriberName<E>;

type CallArgs<K extends CallName> = undefined extends CallInput<K> ? [input?: CallInput<K>] : [input: CallInput<K>];

/** What the renderer programs against, in Electron and in a browser alike. Failures throw StationError. */
export type StationApi = { [K in CallName]: (...args: CallArgs<K>) => Promise<CallOutput<K>> } & {
  [E in EventName as SubscriberName<E>]: (listener: (payload: EventPayload<E>) => void) => Unsubscribe;
};

export type IpcResult<T = unknown> = { ok: true; value: T } | { ok: false; error: StationErrorData };

/**
 * What the preload exposes on `window.station`: the same functions, but each returns its result as data,
 * because an Error thrown across contextBridge/IPC arrives with only its message.
 */
export type StationBridge = { [K in CallName]: (...args: CallArgs<K>) => Promise<IpcResult<CallOutput<K>>> } & {
  [E in EventName as SubscriberName<E>]: (listener: (payload: EventPayload<E>) => void) => Unsubscribe;
};

/** The service side: one async function per call, given validated input. */
export type StationHandlers = { [K in CallName]: (input: CallArg<K>) => Promise<CallOutput<K>> };

/** How services publish event streams, whatever the transport. */
export type EmitEvent = <E extends EventName>(name: E, payload: EventPayload<E>) => void;
