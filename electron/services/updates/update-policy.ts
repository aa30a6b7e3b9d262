/**
 * When the station looks for, downloads and installs an update. Plain functions over plain state, so the
 * decisions are tested without an Electron binary; `update-controller.ts` acts on them.
 */
export type UpdatePhase = 'off' | 'idle' | 'checking' | 'downloading' | 'downloaded' | 'failed';

export interface UpdateState {
  phase: UpdatePhase;
  /** The feed (settings app.updateUrl), or null when none is set. */
  feedUrl: string | null;
  lastCheckAt?: number;
  /** The version available or downloaded. */
  version?: string;
  error?: string;
}

export interface StationActivity {
  /** A parcel is open or an item is in hand: never restart under a clerk. */
  busy: boolean;
  /** The last key, scan or click (ms since epoch). */
  lastInputAt: number;
}

export const CHECK_EVERY_MS = 4 * 3_600_000;
export const RETRY_FAILED_AFTER_MS = 30 * 60_000;
/** Quiet this long with no parcel open before the station restarts into the new version. */
export const IDLE_BEFORE_INSTALL_MS = 2 * 60_000;

export type UpdateStep = 'none' | 'check' | 'install';

export function nextUpdateStep(state: UpdateState, activity: StationActivity, now: number): UpdateStep {
  if (state.phase === 'off' || !state.feedUrl) return 'none';
  if (state.phase === 'downloaded') {
    return !activity.busy && now - activity.lastInputAt >= IDLE_BEFORE_INSTALL_MS ? 'install' : 'none';
  }
  if (state.phase === 'checking' || state.phase === 'downloading') return 'none';
  const wait = state.phase === 'failed' ? RETRY_FAILED_AFTER_MS : CHECK_EVERY_MS;
  return state.lastCheckAt === undefined || now - state.lastCheckAt >= wait ? 'check' : 'none';
}

/**
 * The feed electron-updater's generic provider reads, from the setting. Only http(s); a plain http feed is
 * accepted for a warehouse LAN (the update files are signed and checked by their sha512 in latest.yml).
 */
export function updateFeed(updateUrl: string): { provider: 'generic'; url: string } | null {
  if (!updateUrl) return null;
  try {
    const url = new URL(updateUrl);
    if (url.protocol !== 'https:' && url.protocol !== 'http:') return null;
    if (url.username || url.password) return null;
    return { provider: 'generic', url: url.href.replace(/\/+$/, '') };
  } catch {
    return null;
  }
}
