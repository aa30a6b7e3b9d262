import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';

export interface PtyPair {
  /** The end the station opens (like /dev/ttyUSB0). */
  appPath: string;
  /** The end the simulator speaks on. */
  simPath: string;
  /** Kills socat: to the station this is the cable being pulled. */
  unplug(): Promise<void>;
  /** Starts socat again on the same paths: the cable plugged back in. */
  replug(): Promise<void>;
}

/** A connected pair of pseudo-terminals made by socat, the stand-in for a serial cable. */
export async function startPtyPair(appPath: string, simPath: string): Promise<PtyPair> {
  let socat: ChildProcess | undefined;
  const start = async () => {
    const child = spawn('socat', ['-d', '-d', `pty,raw,echo=0,link=${appPath}`, `pty,raw,echo=0,link=${simPath}`], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr!.on('data', (d) => (stderr += d));
    const failed = new Promise<never>((_, reject) =>
      child.once('error', (e) => reject(new Error(`socat could not start (${e.message}): install it with apt-get install socat`))),
    );
    const started = Date.now();
    while (!existsSync(appPath) || !existsSync(simPath)) {
      if (child.exitCode !== null) throw new Error(`socat exited: ${stderr}`);
      if (Date.now() - started > 5000) throw new Error(`socat made no PTYs in 5 s: ${stderr}`);
      await Promise.race([new Promise((r) => setTimeout(r, 20)), failed]);
    }
    socat = child;
  };
  const stop = async () => {
    const child = socat;
    socat = undefined;
    if (!child || child.exitCode !== null) return;
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM');
    await exited;
  };
  await start();
  return { appPath, simPath, unplug: stop, replug: start };
}
