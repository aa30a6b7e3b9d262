// CPU time as the kernel counts it (/proc/<pid>/stat: user + system, all threads), so a figure says what
// the work cost, not who won the shared cores while it ran.
import { readdirSync, readFileSync } from 'node:fs';

const TICK_MS = 10; // USER_HZ is 100 on Linux

/** user + system CPU of one process in ms, or undefined once it has gone. */
export function processCpuMs(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may hold spaces), counted from the closing parenthesis.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) * TICK_MS;
  } catch {
    return undefined;
  }
}

/** Every process of this machine whose command name is `comm`: pid → CPU ms. */
function cpuOf(comm: (name: string) => boolean): Map<number, number> {
  const out = new Map<number, number>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      if (!comm(readFileSync(`/proc/${name}/comm`, 'utf8').trim())) continue;
    } catch {
      continue;
    }
    const ms = processCpuMs(Number(name));
    if (ms !== undefined) out.set(Number(name), ms);
  }
  return out;
}

/** Every PostgreSQL process on this machine (backends, WAL writer, checkpointer…): pid → CPU ms. */
export const postgresCpu = () => cpuOf((comm) => comm === 'postgres');

/**
 * Until Chromium's processes have settled after a launch (its GPU, network and spare renderer processes
 * start up for a second or two): less than a tenth of a core for two readings a quarter second apart, at
 * most 10 s. What a running browser looks like when the station is opened in it.
 */
export async function chromiumSettled(): Promise<number> {
  const total = () => [...cpuOf((comm) => comm.startsWith('chromium') || comm.startsWith('chrome'))].reduce((sum, [, ms]) => sum + ms, 0);
  const t0 = performance.now();
  let quiet = 0;
  let last = total();
  while (quiet < 2 && performance.now() - t0 < 10_000) {
    await new Promise((r) => setTimeout(r, 250));
    const now = total();
    quiet = now - last < 25 ? quiet + 1 : 0;
    last = now;
  }
  return performance.now() - t0;
}

/** PostgreSQL's CPU between two readings (a process started in between counts from zero). */
export const postgresCpuSince = (before: Map<number, number>) => [...postgresCpu()].reduce((sum, [pid, ms]) => sum + ms - (before.get(pid) ?? 0), 0);

/** Whether PostgreSQL runs on this machine, where its CPU can be read. */
export const postgresIsLocal = () => postgresCpu().size > 0;
