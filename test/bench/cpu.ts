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

/** Every PostgreSQL process on this machine (backends, WAL writer, checkpointer…): pid → CPU ms. */
export function postgresCpu(): Map<number, number> {
  const out = new Map<number, number>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      if (readFileSync(`/proc/${name}/comm`, 'utf8').trim() !== 'postgres') continue;
    } catch {
      continue;
    }
    const ms = processCpuMs(Number(name));
    if (ms !== undefined) out.set(Number(name), ms);
  }
  return out;
}

/** PostgreSQL's CPU between two readings (a process started in between counts from zero). */
export const postgresCpuSince = (before: Map<number, number>) => [...postgresCpu()].reduce((sum, [pid, ms]) => sum + ms - (before.get(pid) ?? 0), 0);

/** Whether PostgreSQL runs on this machine, where its CPU can be read. */
export const postgresIsLocal = () => postgresCpu().size > 0;
