import { randomBytes } from 'node:crypto';
import { chmod, mkdir, open, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';

/**
 * What a running HQ keeps beside its data, in `<data-dir>/run` (0700, only HQ's own user may enter): the
 * lock that says the data folder is held (PGlite's files must never be opened twice), the embedded
 * database's socket, and `admin.json` (0600) — the address and the per-start secret the admin CLI uses to
 * ask the running HQ instead of opening its data. Nothing here outlives the process that wrote it in meaning:
 * a lock whose process is gone is taken over.
 */
export const runDir = (dataDir: string) => path.join(dataDir, 'run');
const lockFile = (dataDir: string) => path.join(runDir(dataDir), 'hq.lock');
const adminFile = (dataDir: string) => path.join(runDir(dataDir), 'admin.json');

export async function ensureRunDir(dataDir: string) {
  await mkdir(runDir(dataDir), { recursive: true, mode: 0o700 });
  await chmod(runDir(dataDir), 0o700);
}

export interface Holder {
  pid: number;
  role: 'hq' | 'admin';
  since: string;
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
};

export class DataDirHeld extends Error {
  constructor(readonly holder: Holder) {
    super(
      holder.role === 'hq'
        ? `HQ (process ${holder.pid}, since ${holder.since}) holds this data folder.`
        : `An admin command (process ${holder.pid}) is using this data folder right now: try again in a moment.`,
    );
  }
}

/** Holds the data folder for this process, or throws DataDirHeld naming who does. */
export async function holdDataDir(dataDir: string, role: Holder['role']): Promise<{ release(): Promise<void> }> {
  await ensureRunDir(dataDir);
  const file = lockFile(dataDir);
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const handle = await open(file, 'wx', 0o600);
      await handle.writeFile(JSON.stringify({ pid: process.pid, role, since: new Date().toISOString() } satisfies Holder));
      await handle.close();
      return {
        async release() {
          const now = await readHolder(dataDir);
          if (now?.pid === process.pid) await rm(file, { force: true });
        },
      };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const holder = await readHolder(dataDir);
      if (holder && alive(holder.pid) && holder.pid !== process.pid) throw new DataDirHeld(holder);
      await rm(file, { force: true }); // left by a process that is gone
    }
  }
  throw new Error(`Could not take ${file}`);
}

export async function readHolder(dataDir: string): Promise<Holder | null> {
  try {
    return JSON.parse(await readFile(lockFile(dataDir), 'utf8')) as Holder;
  } catch {
    return null;
  }
}

export interface AdminAccess {
  url: string;
  secret: string;
  pid: number;
}

/** A fresh secret for each start of HQ. */
export const newAdminSecret = () => randomBytes(32).toString('base64url');

/** Where this HQ listens and its secret, written 0600 where only HQ's user can read it. */
export async function publishAdminAccess(dataDir: string, url: string, secret: string): Promise<AdminAccess> {
  await ensureRunDir(dataDir);
  const access: AdminAccess = { url, secret, pid: process.pid };
  const file = adminFile(dataDir);
  await rm(file, { force: true });
  await writeFile(file, JSON.stringify(access), { mode: 0o600, flag: 'wx' });
  return access;
}

export async function readAdminAccess(dataDir: string): Promise<AdminAccess | null> {
  try {
    const access = JSON.parse(await readFile(adminFile(dataDir), 'utf8')) as AdminAccess;
    return typeof access.url === 'string' && typeof access.secret === 'string' && alive(access.pid) ? access : null;
  } catch {
    return null;
  }
}

export async function withdrawAdminAccess(dataDir: string) {
  const access = await readAdminAccess(dataDir).catch(() => null);
  if (!access || access.pid === process.pid) await rm(adminFile(dataDir), { force: true });
}
