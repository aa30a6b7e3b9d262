import { mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';

/**
 * Start on login for Linux dock PCs: Electron's setLoginItemSettings covers Windows and macOS only, so on
 * Linux an XDG autostart entry is written (or removed) in the user's ~/.config/autostart.
 */
export function autostartEntry(execPath: string, name: string): string {
  // The Exec key quotes a path with spaces (AppImages often live in ~/Applications/My Apps/…).
  const exec = /[\s"\\]/.test(execPath) ? `"${execPath.replace(/(["\\`$])/g, '\\$1')}"` : execPath;
  return ['[Desktop Entry]', 'Type=Application', `Name=${name}`, `Exec=${exec}`, 'X-GNOME-Autostart-enabled=true', 'Terminal=false', ''].join('\n');
}

export async function setLinuxAutostart(enabled: boolean, opts: { configHome: string; execPath: string; name: string; fileName?: string }) {
  const file = path.join(opts.configHome, 'autostart', opts.fileName ?? 'returns-station.desktop');
  if (!enabled) return rm(file, { force: true });
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, autostartEntry(opts.execPath, opts.name));
}
