/**
 * The packaged renderer is served from a privileged custom scheme rather than file://, so it has a real
 * origin: permission checks, the sender check and the CSP can all name it exactly.
 */
export const APP_SCHEME = 'app';
export const APP_HOST = 'station';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_START_URL = `${APP_ORIGIN}/index.html`;

/** The origin of a URL, or null for anything unparseable. `new URL().origin` is "null" for custom schemes. */
export function originOf(url: string): string | null {
  try {
    const u = new URL(url);
    return `${u.protocol}//${u.host}`;
  } catch {
    return null;
  }
}

export function isSameOrigin(url: string, origin: string): boolean {
  return originOf(url) === origin;
}
