import { open, statfs } from 'node:fs/promises';
import type { DiskSpace } from '../../shared/ipc/contract';
import type { Settings } from '../../shared/settings/schema';

/** Free and total bytes of the disk holding `dir`; null where the system cannot say. */
export async function diskSpace(dir: string): Promise<DiskSpace | null> {
  try {
    const s = await statfs(dir);
    return { freeBytes: s.bavail * s.bsize, totalBytes: s.blocks * s.bsize };
  } catch {
    return null;
  }
}

/** The last `maxBytes` of a log file, from the first whole line; '' when there is none yet. */
export async function logTail(file: string, maxBytes = 256 * 1024): Promise<string> {
  let handle: Awaited<ReturnType<typeof open>>;
  try {
    handle = await open(file, 'r');
  } catch {
    return '';
  }
  try {
    const { size } = await handle.stat();
    const start = Math.max(0, size - maxBytes);
    const buf = Buffer.alloc(size - start);
    await handle.read(buf, 0, buf.length, start);
    const text = buf.toString('utf8');
    return start === 0 ? text : text.slice(text.indexOf('\n') + 1);
  } finally {
    await handle.close();
  }
}

/** Settings for a support bundle: a URL's user name and password (if someone typed them in) are removed. */
export function redactSettings(settings: Settings): Settings {
  const clean = (u: string) => {
    if (!u) return u;
    try {
      const url = new URL(u);
      url.username = '';
      url.password = '';
      return url.href;
    } catch {
      return '';
    }
  };
  return { ...settings, hq: { ...settings.hq, url: clean(settings.hq.url) }, app: { ...settings.app, updateUrl: clean(settings.app.updateUrl) } };
}
