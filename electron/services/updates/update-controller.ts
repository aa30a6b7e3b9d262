import { type StationActivity, type UpdateState, nextUpdateStep, updateFeed } from './update-policy';

/** What the controller needs of electron-updater's autoUpdater: injected, so tests use a fake. */
export interface Updater {
  setFeedURL(feed: { provider: 'generic'; url: string }): void;
  /** Resolves with the version found (downloaded in the background), or null when up to date. */
  checkAndDownload(): Promise<string | null>;
  quitAndInstall(): void;
}

/**
 * Drives the updater by `nextUpdateStep` on a timer: checks now and then, downloads in the background, and
 * installs only at an idle moment with no parcel open.
 */
export function createUpdateController(updater: Updater, opts: { now?: () => number; log?: (msg: string, extra?: object) => void } = {}) {
  const now = opts.now ?? Date.now;
  let state: UpdateState = { phase: 'off', feedUrl: null };
  let activity: StationActivity = { busy: false, lastInputAt: now() };

  const configure = (updateUrl: string) => {
    const feed = updateFeed(updateUrl);
    if (feed?.url === state.feedUrl) return;
    if (feed) updater.setFeedURL(feed);
    state = feed ? { phase: 'idle', feedUrl: feed.url } : { phase: 'off', feedUrl: null };
  };

  const tick = async () => {
    const step = nextUpdateStep(state, activity, now());
    if (step === 'install') {
      opts.log?.('installing update', { version: state.version });
      updater.quitAndInstall();
    } else if (step === 'check') {
      state = { ...state, phase: 'checking', lastCheckAt: now() };
      try {
        const version = await updater.checkAndDownload();
        state = version ? { ...state, phase: 'downloaded', version } : { ...state, phase: 'idle' };
        if (version) opts.log?.('update downloaded', { version });
      } catch (err) {
        state = { ...state, phase: 'failed', error: (err as Error).message };
        opts.log?.('update check failed', { error: (err as Error).message });
      }
    }
    return step;
  };

  return {
    configure,
    tick,
    reportActivity(busy: boolean, at = now()) {
      activity = { busy, lastInputAt: Math.max(activity.lastInputAt, at) };
    },
    status: () => ({ ...state }),
  };
}
export type UpdateController = ReturnType<typeof createUpdateController>;
