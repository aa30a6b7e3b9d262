/**
 * The one BrowserWindow configuration, kept free of the `electron` import so tests can audit it.
 * Structurally compatible with Electron's BrowserWindowConstructorOptions (main.ts passes it as is).
 */
export interface StationWindowOptions {
  width: number;
  height: number;
  minWidth: number;
  minHeight: number;
  show: boolean;
  backgroundColor: string;
  autoHideMenuBar: boolean;
  webPreferences: {
    preload: string;
    contextIsolation: boolean;
    sandbox: boolean;
    nodeIntegration: boolean;
    nodeIntegrationInWorker: boolean;
    nodeIntegrationInSubFrames: boolean;
    webSecurity: boolean;
    allowRunningInsecureContent: boolean;
    webviewTag: boolean;
    experimentalFeatures: boolean;
    spellcheck: boolean;
  };
}

export function stationWindowOptions(preloadPath: string): StationWindowOptions {
  return {
    width: 1366,
    height: 860,
    minWidth: 1024,
    minHeight: 700,
    show: false,
    backgroundColor: '#0f172a',
    autoHideMenuBar: true,
    webPreferences: {
      preload: preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      experimentalFeatures: false,
      spellcheck: false,
    },
  };
}

const REQUIRED: Record<string, boolean> = {
  contextIsolation: true,
  sandbox: true,
  nodeIntegration: false,
  nodeIntegrationInWorker: false,
  nodeIntegrationInSubFrames: false,
  webSecurity: true,
  allowRunningInsecureContent: false,
  webviewTag: false,
  experimentalFeatures: false,
};

/** Every way these options break the security baseline; empty when they hold. */
export function auditWindowOptions(options: { webPreferences?: Record<string, unknown> }): string[] {
  const prefs = options.webPreferences ?? {};
  const problems: string[] = [];
  for (const [key, expected] of Object.entries(REQUIRED)) {
    if (prefs[key] !== expected) problems.push(`webPreferences.${key} must be ${expected}, is ${String(prefs[key])}`);
  }
  if (typeof prefs.preload !== 'string' || !prefs.preload.endsWith('.cjs')) {
    problems.push('webPreferences.preload must be the bundled CommonJS preload (sandboxed preloads cannot load ESM)');
  }
  return problems;
}
