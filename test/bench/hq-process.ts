// HQ as its own process for the bench (test/bench/hq-node.ts): its CPU and memory are then its own, apart
// from the load that drives it.
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';

export interface HqProcess {
  url: string;
  child: ChildProcess;
  stop(): Promise<void>;
}

/** Starts one HQ node on `databaseUrl`; `env` adds settings (a webhook, say). Resolves once it listens. */
export async function startHqProcess(databaseUrl: string, env: Record<string, string> = {}): Promise<HqProcess> {
  // BENCH_HQ_PROFILE=<dir>: each HQ node writes a V8 CPU profile there when it stops (where its CPU goes).
  const profile = process.env.BENCH_HQ_PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_HQ_PROFILE}`] : [];
  const child = spawn(process.execPath, [...profile, '--import', 'tsx', 'test/bench/hq-node.ts'], {
    env: { ...process.env, ...env, DATABASE_URL: databaseUrl },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let out = '';
  child.stdout!.setEncoding('utf8');
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('an HQ node did not start in 30 s')), 30_000);
    child.stdout!.on('data', (chunk: string) => {
      out += chunk;
      const m = /HQ node (http:\/\/\S+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!);
      }
    });
    child.once('exit', (code) => reject(new Error(`an HQ node exited (${code}) before it listened`)));
  });
  return {
    url,
    child,
    async stop() {
      if (child.exitCode !== null) return;
      child.kill('SIGTERM');
      await Promise.race([once(child, 'exit'), new Promise((r) => setTimeout(r, 5000))]);
    },
  };
}
