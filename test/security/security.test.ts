import { readFileSync } from 'node:fs';
import { describe, expect, it, vi } from 'vitest';
import { ipcChannel, type IpcResult, type StationHandlers } from '../../shared/ipc/contract';
import { rendererHeaders } from '../../electron/host/security-headers';
import { registerMainHandlers, type IpcMainLike } from '../../electron/ipc/main-handlers';
import { APP_ORIGIN, APP_START_URL } from '../../electron/security/app-origin';
import { resolveAppFile } from '../../electron/security/app-files';
import { auditCsp, buildCsp } from '../../electron/security/csp';
import { isNavigationAllowed, isPermissionAllowed, isTrustedSender } from '../../electron/security/policies';
import { auditWindowOptions, stationWindowOptions } from '../../electron/security/window-options';

describe('window options', () => {
  const options = stationWindowOptions('/app/dist-electron/preload.cjs');

  it('meet the baseline: isolated, sandboxed, no Node in the page', () => {
    expect(auditWindowOptions(options)).toEqual([]);
    expect(options.webPreferences).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false, webSecurity: true });
  });

  it('are the ones the main process actually opens its window with', () => {
    const source = readFileSync('electron/main-window.ts', 'utf8');
    expect(source).toMatch(/new BrowserWindow\(stationWindowOptions\(preloadPath\)\)/);
    expect(source).toMatch(/setWindowOpenHandler\(\(\) => \(\{ action: 'deny' \}\)\)/);
    expect(source).toMatch(/'will-navigate'/);
  });

  it.each([
    ['contextIsolation', false],
    ['sandbox', false],
    ['nodeIntegration', true],
    ['nodeIntegrationInSubFrames', true],
    ['webSecurity', false],
    ['webviewTag', true],
  ])('the audit fails when %s is %s', (key, value) => {
    const broken = { ...options, webPreferences: { ...options.webPreferences, [key]: value } };
    expect(auditWindowOptions(broken)).toEqual([expect.stringContaining(`webPreferences.${key} must be`)]);
  });

  it('the audit fails for an ESM preload, which a sandbox cannot load', () => {
    expect(auditWindowOptions(stationWindowOptions('/app/preload.mjs'))).toEqual([expect.stringContaining('CommonJS')]);
  });
});

describe('content security policy', () => {
  it('allows only the app itself, in Electron and in browser mode', () => {
    expect(auditCsp(buildCsp())).toEqual([]);
    const hostCsp = rendererHeaders(['http://127.0.0.1:5180'])['Content-Security-Policy']!;
    expect(auditCsp(hostCsp)).toEqual([]);
    expect(hostCsp).toContain("connect-src 'self' ws://127.0.0.1:5180");
  });

  it.each([
    ["script-src 'self' 'unsafe-eval'", /script-src allows 'unsafe-eval'/],
    ["script-src 'self' https://cdn.example", /script-src may only be 'self'/],
    ["style-src 'self' 'unsafe-inline'", /style-src allows 'unsafe-inline'/],
    ['img-src *', /img-src allows \*/],
  ])('the audit fails for a policy with %s', (directive, problem) => {
    const name = directive.split(' ')[0]!;
    const broken = buildCsp().replace(new RegExp(`${name} [^;]*`), directive);
    expect(auditCsp(broken)).toContainEqual(expect.stringMatching(problem));
  });

  it('the audit fails when default-src or object-src are opened', () => {
    expect(auditCsp(buildCsp().replace("default-src 'none'", "default-src 'self'"))).toContain("default-src must be 'none'");
    expect(auditCsp(buildCsp().replace("object-src 'none'", "object-src 'self'"))).toContain("object-src must be 'none'");
  });
});

describe('navigation and new windows', () => {
  it('stays inside the app', () => {
    expect(isNavigationAllowed(APP_START_URL, APP_ORIGIN)).toBe(true);
    expect(isNavigationAllowed(`${APP_ORIGIN}/index.html#/devices`, APP_ORIGIN)).toBe(true);
  });

  it.each([
    'https://evil.example/',
    'http://127.0.0.1:5180/',
    'file:///etc/passwd',
    'app://other/index.html',
    'javascript:alert(1)',
    'data:text/html,x',
    'not a url',
  ])('refuses %s', (url) => expect(isNavigationAllowed(url, APP_ORIGIN)).toBe(false));
});

describe('permissions', () => {
  it('grant the camera to the app itself', () => {
    expect(isPermissionAllowed('media', APP_START_URL, APP_ORIGIN, ['video'])).toBe(true);
  });

  it.each([
    ['media', APP_START_URL, ['audio']],
    ['media', APP_START_URL, ['video', 'audio']],
    ['media', 'https://evil.example/', ['video']],
    ['geolocation', APP_START_URL, []],
    ['notifications', APP_START_URL, []],
    ['clipboard-read', APP_START_URL, []],
    ['openExternal', APP_START_URL, []],
  ])('refuse %s from %s (%j)', (permission, url, media) => {
    expect(isPermissionAllowed(permission, url, APP_ORIGIN, media)).toBe(false);
  });
});

describe('IPC sender check', () => {
  function register() {
    const handlers = new Map<string, Parameters<IpcMainLike['handle']>[1]>();
    const settingsGet = vi.fn(async () => ({ settings: {}, path: '' }));
    const rejected = vi.fn();
    registerMainHandlers(
      { handle: (c, l) => void handlers.set(c, l), removeHandler: () => undefined },
      { settingsGet } as unknown as StationHandlers,
      (url) => isTrustedSender(url, APP_ORIGIN),
      rejected,
    );
    const invoke = (url: string | undefined) =>
      handlers.get(ipcChannel('settingsGet'))!(url === undefined ? {} : { senderFrame: { url } }) as Promise<IpcResult>;
    return { invoke, settingsGet, rejected };
  }

  it('answers the app’s own frame', async () => {
    const { invoke, settingsGet } = register();
    expect(await invoke(`${APP_ORIGIN}/index.html#/receive`)).toMatchObject({ ok: true });
    expect(settingsGet).toHaveBeenCalledOnce();
  });

  it.each(['https://evil.example/', 'file:///tmp/x.html', 'app://other/', undefined])('rejects a call from %s without running it', async (url) => {
    const { invoke, settingsGet, rejected } = register();
    expect(await invoke(url)).toMatchObject({ ok: false, error: { code: 'forbidden_sender' } });
    expect(settingsGet).not.toHaveBeenCalled();
    expect(rejected).toHaveBeenCalledWith('settingsGet', url);
  });
});

describe('app:// file serving', () => {
  it('maps paths inside the renderer folder', () => {
    expect(resolveAppFile('/app/dist/renderer', '/')).toBe('/app/dist/renderer/index.html');
    expect(resolveAppFile('/app/dist/renderer', '/assets/index-1.js')).toBe('/app/dist/renderer/assets/index-1.js');
  });

  it.each(['/../../etc/passwd', '/%2e%2e/%2e%2e/etc/passwd', '/assets/..%2f..%2f..%2fetc/passwd', '/x%00.js', '/%E0%A4%A'])('refuses %s', (p) => {
    expect(resolveAppFile('/app/dist/renderer', p)).toBeNull();
  });
});
