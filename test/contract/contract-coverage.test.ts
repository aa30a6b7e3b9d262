import { describe, expect, it, vi } from 'vitest';
import { CALL_NAMES, EVENT_NAMES, calls, events, ipcChannel, subscriberName, type IpcResult, type StationHandlers } from '../../shared/ipc/contract';
import { registerMainHandlers, type IpcMainLike } from '../../electron/ipc/main-handlers';
import { createPreloadBridge, type IpcRendererLike } from '../../electron/ipc/preload-bridge';
import { startStationServices } from '../../electron/services/station-services';
import { createStationApi, type StationTransport } from '../../renderer/platform/station-api';
import { useTempDirs } from '../helpers/temp-dir';
import { coverage } from './coverage';

const tempDir = useTempDirs();
const exact = { missing: [], extra: [] };
const allChannels = [...CALL_NAMES.map(ipcChannel), ...EVENT_NAMES.map(ipcChannel)];
const bridgeKeys = [...CALL_NAMES, ...EVENT_NAMES.map(subscriberName)];

function recordingIpcRenderer() {
  const invoked: string[] = [];
  const subscribed: string[] = [];
  const ipc: IpcRendererLike = {
    invoke: async (channel) => {
      invoked.push(channel);
      return { ok: true, value: undefined };
    },
    on: (channel) => subscribed.push(channel),
    removeListener: () => undefined,
  };
  return { ipc, invoked, subscribed };
}

function recordingIpcMain() {
  const handlers = new Map<string, Parameters<IpcMainLike['handle']>[1]>();
  const ipcMain: IpcMainLike = {
    handle: (channel, listener) => void handlers.set(channel, listener),
    removeHandler: (channel) => void handlers.delete(channel),
  };
  return { ipcMain, handlers };
}

describe('the contract is the single source of channels', () => {
  it('names every call and event once, as identifiers', () => {
    for (const name of [...CALL_NAMES, ...EVENT_NAMES]) expect(name).toMatch(/^[a-z][A-Za-z0-9]*$/);
    expect(new Set(allChannels).size).toBe(allChannels.length);
    expect(Object.values(calls).every((c) => c.kind === 'call')).toBe(true);
    expect(Object.values(events).every((e) => e.kind === 'event')).toBe(true);
  });

  it('preload exposes exactly one function per call and one subscribe function per event', async () => {
    const { ipc, invoked, subscribed } = recordingIpcRenderer();
    const bridge = createPreloadBridge(ipc) as unknown as Record<string, (arg?: unknown) => unknown>;
    expect(coverage(bridgeKeys, Object.keys(bridge))).toEqual(exact);
    for (const name of CALL_NAMES) await bridge[name]!();
    for (const name of EVENT_NAMES) bridge[subscriberName(name)]!(() => undefined);
    expect(coverage(CALL_NAMES.map(ipcChannel), invoked)).toEqual(exact);
    expect(coverage(EVENT_NAMES.map(ipcChannel), subscribed)).toEqual(exact);
    expect(Object.values(bridge).every((v) => typeof v === 'function')).toBe(true);
  });

  it('main registers exactly one handler per call, from a handler map with exactly the calls', async () => {
    const services = await startStationServices({ dataDir: await tempDir(), mode: 'electron', appName: 't', appVersion: '0' });
    try {
      expect(coverage(CALL_NAMES, Object.keys(services.handlers))).toEqual(exact);
      const { ipcMain, handlers } = recordingIpcMain();
      const dispose = registerMainHandlers(ipcMain, services.handlers, () => true);
      expect(coverage(CALL_NAMES.map(ipcChannel), [...handlers.keys()])).toEqual(exact);
      dispose();
      expect(handlers.size).toBe(0);
    } finally {
      await services.close();
    }
  });

  it('the renderer api (browser shim and Electron alike) covers exactly the contract', async () => {
    const invoked: string[] = [];
    const subscribed: string[] = [];
    const transport: StationTransport = {
      invoke: async (name) => (invoked.push(name), { ok: true, value: undefined }),
      subscribe: (name) => (subscribed.push(name), () => undefined),
    };
    const api = createStationApi(transport) as unknown as Record<string, (arg?: unknown) => unknown>;
    expect(coverage(bridgeKeys, Object.keys(api))).toEqual(exact);
    for (const name of CALL_NAMES) await api[name]!();
    for (const name of EVENT_NAMES) api[subscriberName(name)]!(() => undefined);
    expect(coverage(CALL_NAMES, invoked)).toEqual(exact);
    expect(coverage(EVENT_NAMES, subscribed)).toEqual(exact);
  });

  it('every real handler answers with what its output schema promises, or with the error code that says why it cannot', async () => {
    const services = await startStationServices({ dataDir: await tempDir(), mode: 'browser', appName: 't', appVersion: '1.2.3' });
    try {
      const inputs: { [K in keyof StationHandlers]: Parameters<StationHandlers[K]>[0] } = {
        appInfo: undefined,
        settingsGet: undefined,
        settingsSet: { ui: { language: 'en' } },
        serialList: undefined,
        logWrite: { level: 'info', message: 'contract test' },
        devicesStatus: undefined,
        devicesTest: { id: 'nope', timeoutMs: 100 },
        devicesDetect: { path: '/dev/station-test-no-such-port' },
        scaleCapture: { id: 'nope', timeoutMs: 200 },
        scaleCommand: { id: 'nope', command: 'zero' },
        printerPrint: { printerId: 'nope', label: { kind: 'unit', code: 'LPN1', title: 't', lines: [] } },
        printerStatus: { printerId: 'nope' },
        hqStatus: undefined,
        hqEnrol: { url: 'http://127.0.0.1:9/', code: 'ABCD-EFGH-JKLM', installId: '8a3c5b1e-0f4d-4e2a-9c61-1b2d3e4f5a6b' },
        hqPush: {
          installId: '8a3c5b1e-0f4d-4e2a-9c61-1b2d3e4f5a6b',
          items: [{ seq: 1, type: 'parcel.carrierNoted', v: 1, payload: { id: 'p' }, createdAt: '2026-11-24T06:00:00.000Z' }],
          audit: [],
        },
        hqPull: { checkpoint: '' },
        hqPutBlobPart: { sha256: 'a'.repeat(64), index: 0, count: 2, base64: 'AAAA' },
        reportPdf: { fileName: 'day-2026-11-24.pdf' },
        updateStatus: undefined,
        stationActivity: { busy: true },
        diskSpace: undefined,
        diagnostics: undefined,
      };
      // With no devices configured, these say so (as a StationError with a code) rather than answer.
      // Not enrolled, no warehouse set: the HQ calls say so too.
      const unknownDevice: Record<string, string> = {
        devicesTest: 'device_unknown',
        scaleCapture: 'device_unknown',
        scaleCommand: 'device_unknown',
        printerPrint: 'printer_unknown',
        printerStatus: 'printer_unknown',
        hqEnrol: 'warehouse_not_set',
        hqPush: 'hq_not_configured',
        hqPull: 'hq_not_configured',
        // Browser mode has no window of its own to print: the page uses the browser's print-to-PDF.
        reportPdf: 'pdf_unavailable',
      };
      for (const name of CALL_NAMES) {
        const handler = services.handlers[name] as (arg: unknown) => Promise<unknown>;
        if (unknownDevice[name]) {
          await expect(handler(inputs[name]), name).rejects.toMatchObject({ code: unknownDevice[name] });
          continue;
        }
        const output = await handler(inputs[name]);
        expect(calls[name].output.safeParse(output).success, name).toBe(true);
      }
    } finally {
      await services.close();
    }
  });

  describe('the coverage check fails when a side drifts from the contract', () => {
    it('reports a handler map missing a call and one with a call the contract does not name', () => {
      const [first, ...rest] = CALL_NAMES;
      expect(coverage(CALL_NAMES, [...rest, 'deleteEverything'])).toEqual({ missing: [first], extra: ['deleteEverything'] });
    });

    it('reports a main process that registered one channel too few', async () => {
      const { ipcMain, handlers } = recordingIpcMain();
      registerMainHandlers(ipcMain, {} as StationHandlers, () => true);
      handlers.delete(ipcChannel('settingsSet'));
      expect(coverage(CALL_NAMES.map(ipcChannel), [...handlers.keys()]).missing).toEqual([ipcChannel('settingsSet')]);
    });
  });
});

describe('invalid input gets a clear validation error on every transport', () => {
  it('main: names the channel and the field, and the handler never runs', async () => {
    const settingsSet = vi.fn();
    const { ipcMain, handlers } = recordingIpcMain();
    registerMainHandlers(ipcMain, { settingsSet } as unknown as StationHandlers, () => true);
    const frame = { senderFrame: { url: 'app://station/index.html' } };
    const result = (await handlers.get(ipcChannel('settingsSet'))!(frame, { ui: { language: 'fr' } })) as IpcResult;
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.code).toBe('invalid_input');
    expect(result.error.message).toMatch(/^Invalid input for settingsSet: ui\.language: /);
    expect(settingsSet).not.toHaveBeenCalled();
  });

  it('rejects unknown keys, wrong types and input sent to a call that takes none', async () => {
    const services = await startStationServices({ dataDir: await tempDir(), mode: 'electron', appName: 't', appVersion: '0' });
    const { ipcMain, handlers } = recordingIpcMain();
    registerMainHandlers(ipcMain, services.handlers, () => true);
    const frame = { senderFrame: { url: 'app://station/index.html' } };
    const call = (name: string, input: unknown) => handlers.get(ipcChannel(name as never))!(frame, input) as Promise<IpcResult>;
    try {
      for (const [name, input, field] of [
        ['settingsSet', { station: { id: 'x' } }, /station\.id/],
        ['settingsSet', { nodeIntegration: true }, /Unrecognized key/],
        ['logWrite', { level: 'fatal', message: 'x' }, /level/],
        ['logWrite', 'just a string', /expected object/],
        ['settingsGet', { sneaky: 1 }, /expected undefined/],
      ] as const) {
        const result = await call(name, input);
        expect(result, `${name} ${JSON.stringify(input)}`).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
        if (!result.ok) expect(result.error.message).toMatch(field);
      }
      expect(services.handlers.settingsGet).toBeDefined();
    } finally {
      await services.close();
    }
  });
});
