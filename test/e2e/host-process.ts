import { spawn, type ChildProcess } from 'node:child_process';

export interface HostProcess {
  /** The address it printed, with its access key. */
  url: string;
  port: number;
  secret: string;
  dataDir: string;
  stop(): Promise<void>;
  /** Kills it without letting it shut down: what a crash or a pulled plug looks like to the page. */
  kill(): Promise<void>;
}

/** Starts the bundled browser-mode host (`dist-electron/host.js`, what `npm run demo` runs). */
export function startHostProcess(dataDir: string, port = 0, secret?: string): Promise<HostProcess> {
  const child: ChildProcess = spawn(process.execPath, ['dist-electron/host.js', '--port', String(port), '--data-dir', dataDir], {
    stdio: ['ignore', 'pipe', 'pipe'],
    // A restart keeps the key when asked to, so the open page reconnects (as the same host would).
    env: { ...process.env, ...(secret ? { STATION_HOST_SECRET: secret } : {}) },
  });
  let output = '';
  let stopping = false;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  // A host that dies on its own is a bug: say so with what it printed, so the failing test shows why.
  child.once('exit', (code, signal) => {
    if (!stopping) console.error(`browser-mode host exited by itself (${signal ?? code}):\n${output.slice(-4000)}`);
  });
  const end = async (signal: NodeJS.Signals) => {
    stopping = true;
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    await exited;
  };
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`host did not start in time:\n${output}`)), 15_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /ready: (http:\/\/127\.0\.0\.1:(\d+)\/\?key=([A-Za-z0-9_-]+))/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve({ url: match[1]!, port: Number(match[2]), secret: match[3]!, dataDir, stop: () => end('SIGTERM'), kill: () => end('SIGKILL') });
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`host exited with ${code}:\n${output}`));
    });
  });
}
