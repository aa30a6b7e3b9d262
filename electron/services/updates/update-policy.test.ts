import { describe, expect, it } from 'vitest';
import { createUpdateController, type Updater } from './update-controller';
import { CHECK_EVERY_MS, IDLE_BEFORE_INSTALL_MS, RETRY_FAILED_AFTER_MS, nextUpdateStep, updateFeed } from './update-policy';

const T0 = Date.parse('2026-11-27T08:00:00Z');
const quiet = { busy: false, lastInputAt: T0 - IDLE_BEFORE_INSTALL_MS };

describe('update decisions', () => {
  it('no feed: never checks', () => {
    expect(nextUpdateStep({ phase: 'off', feedUrl: null }, quiet, T0)).toBe('none');
  });

  it('checks at once, then every 4 hours; after a failure again in 30 minutes', () => {
    const feedUrl = 'https://hq.example/updates';
    expect(nextUpdateStep({ phase: 'idle', feedUrl }, quiet, T0)).toBe('check');
    expect(nextUpdateStep({ phase: 'idle', feedUrl, lastCheckAt: T0 }, quiet, T0 + CHECK_EVERY_MS - 1)).toBe('none');
    expect(nextUpdateStep({ phase: 'idle', feedUrl, lastCheckAt: T0 }, quiet, T0 + CHECK_EVERY_MS)).toBe('check');
    expect(nextUpdateStep({ phase: 'failed', feedUrl, lastCheckAt: T0 }, quiet, T0 + RETRY_FAILED_AFTER_MS)).toBe('check');
    expect(nextUpdateStep({ phase: 'checking', feedUrl, lastCheckAt: T0 }, quiet, T0 + CHECK_EVERY_MS * 2)).toBe('none');
  });

  it('installs a downloaded update only when no parcel is open and nobody has touched the station for 2 minutes', () => {
    const downloaded = { phase: 'downloaded' as const, feedUrl: 'https://hq.example/u', version: '0.2.0' };
    expect(nextUpdateStep(downloaded, { busy: true, lastInputAt: T0 - 3_600_000 }, T0)).toBe('none');
    expect(nextUpdateStep(downloaded, { busy: false, lastInputAt: T0 - IDLE_BEFORE_INSTALL_MS + 1 }, T0)).toBe('none');
    expect(nextUpdateStep(downloaded, { busy: false, lastInputAt: T0 - IDLE_BEFORE_INSTALL_MS }, T0)).toBe('install');
  });

  it('takes http(s) feeds only, without credentials, trailing slashes trimmed', () => {
    expect(updateFeed('https://hq.example/updates/')).toEqual({ provider: 'generic', url: 'https://hq.example/updates' });
    expect(updateFeed('http://10.0.0.5:8080/u')).toEqual({ provider: 'generic', url: 'http://10.0.0.5:8080/u' });
    for (const bad of ['', 'file:///etc/passwd', 'ftp://x/y', 'not a url', 'https://user:pw@hq.example/u']) expect(updateFeed(bad)).toBeNull();
  });
});

describe('the update controller', () => {
  function fake(found: string | null | Error) {
    const calls: string[] = [];
    const updater: Updater = {
      setFeedURL: (f) => void calls.push(`feed ${f.url}`),
      checkAndDownload: async () => {
        calls.push('check');
        if (found instanceof Error) throw found;
        return found;
      },
      quitAndInstall: () => void calls.push('install'),
    };
    return { updater, calls };
  }

  it('downloads in the background, then waits for the parcel to close and the dock to go quiet before installing', async () => {
    let now = T0;
    const { updater, calls } = fake('0.2.0');
    const c = createUpdateController(updater, { now: () => now });
    c.configure('https://hq.example/updates');
    expect(await c.tick()).toBe('check');
    expect(c.status()).toMatchObject({ phase: 'downloaded', version: '0.2.0' });
    c.reportActivity(true);
    now += IDLE_BEFORE_INSTALL_MS * 10;
    expect(await c.tick()).toBe('none');
    c.reportActivity(false);
    expect(await c.tick()).toBe('none');
    now += IDLE_BEFORE_INSTALL_MS;
    expect(await c.tick()).toBe('install');
    expect(calls).toEqual(['feed https://hq.example/updates', 'check', 'install']);
  });

  it('a failed check is kept with its reason and retried later; clearing the address stops it', async () => {
    let now = T0;
    const { updater, calls } = fake(new Error('ECONNREFUSED'));
    const c = createUpdateController(updater, { now: () => now });
    c.configure('https://hq.example/updates');
    await c.tick();
    expect(c.status()).toMatchObject({ phase: 'failed', error: 'ECONNREFUSED' });
    expect(await c.tick()).toBe('none');
    now += RETRY_FAILED_AFTER_MS;
    expect(await c.tick()).toBe('check');
    c.configure('');
    now += CHECK_EVERY_MS;
    expect(await c.tick()).toBe('none');
    expect(calls.filter((x) => x === 'check')).toHaveLength(2);
  });
});
