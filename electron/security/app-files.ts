import path from 'node:path';

/**
 * Maps an app:// (or host) request path onto a file under `root`, or null when it would escape it.
 * `/` means index.html. Used by Electron's protocol handler; the host uses sirv, which does the same.
 */
export function resolveAppFile(root: string, pathname: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    return null;
  }
  if (decoded.includes('\0')) return null;
  const relative = decoded === '/' || decoded === '' ? 'index.html' : decoded.replace(/^\/+/, '');
  const resolved = path.resolve(root, relative);
  const base = path.resolve(root);
  return resolved === base || !resolved.startsWith(base + path.sep) ? null : resolved;
}
