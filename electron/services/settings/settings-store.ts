import { mkdir, readFile, rename, stat } from 'node:fs/promises';
import path from 'node:path';
import { StationError, describeZodError } from '../../../shared/errors';
import {
  DEFAULT_SETTINGS,
  type Settings,
  type SettingsPatch,
  type SettingsState,
  type SettingsWarning,
  mergeSettings,
  parseSettingsDocument,
} from '../../../shared/settings';
import { writeFileAtomic } from '../files/atomic-write';

export const SETTINGS_FILE_NAME = 'settings.json';

export interface SettingsStore {
  get(): SettingsState;
  /** Validates the merged result before anything is written; rejects with `invalid_settings`. */
  update(patch: SettingsPatch): Promise<SettingsState>;
}

interface LoadResult {
  settings: Settings;
  warning?: SettingsWarning;
  /** The file must not be replaced: it could not be read (it is kept as it is), or the folder is read-only. */
  readOnly?: boolean;
}

/** No real settings file comes near this: a larger one is not read into memory at all. */
const MAX_SETTINGS_BYTES = 1024 * 1024;

/**
 * The station's settings as one JSON file in its data directory. A file that cannot be read as valid
 * settings is never overwritten in place: it is renamed to a timestamped backup, defaults are used,
 * and the warning stays in the state until the next successful save so the UI can show it.
 */
export async function openSettingsStore(dir: string, now: () => Date = () => new Date()): Promise<SettingsStore> {
  // A read-only data folder that exists is fine (the station then runs read-only and says so).
  await mkdir(dir, { recursive: true }).catch(() => undefined);
  const file = path.join(dir, SETTINGS_FILE_NAME);
  let current = await load(file, now);
  let writes: Promise<unknown> = Promise.resolve();

  const state = (): SettingsState =>
    current.warning ? { settings: current.settings, path: file, warning: current.warning } : { settings: current.settings, path: file };

  return {
    get: state,
    update(patch) {
      // Updates are applied one after another so two quick changes cannot interleave their writes.
      const next = writes.then(async () => {
        if (current.readOnly) {
          throw new StationError(
            'settings_read_only',
            `Settings are not saved while ${file} cannot be read or its folder is read-only: the file is kept as it is. Fix its permissions (or the disk), then restart the station.`,
          );
        }
        const parsed = parseSettingsDocument(mergeSettings(current.settings, patch));
        if (!parsed.success) {
          throw new StationError('invalid_settings', `Settings not saved: ${describeZodError(parsed.error)}`);
        }
        try {
          await writeFileAtomic(file, `${JSON.stringify(parsed.data, null, 2)}\n`);
        } catch (err) {
          throw new StationError('settings_write_failed', `Could not write ${file}: ${(err as Error).message}`);
        }
        current = { settings: parsed.data };
        return state();
      });
      writes = next.catch(() => undefined);
      return next;
    },
  };
}

async function load(file: string, now: () => Date): Promise<LoadResult> {
  let text: string;
  try {
    const size = (await stat(file)).size;
    if (size > MAX_SETTINGS_BYTES) throw new Error(`it is ${size} bytes, far more than settings ever need`);
    text = await readFile(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { settings: DEFAULT_SETTINGS };
    // Unreadable is not damaged: the file may be fine once its permissions are, so it is never replaced.
    return {
      settings: DEFAULT_SETTINGS,
      readOnly: true,
      warning: {
        code: 'settings_unreadable',
        message: `Could not read ${file}: ${(err as Error).message}. Defaults are in use and nothing is saved until it can be read.`,
      },
    };
  }
  let problem: string;
  try {
    const parsed = parseSettingsDocument(JSON.parse(text));
    if (parsed.success) return { settings: parsed.data };
    problem = describeZodError(parsed.error);
  } catch (err) {
    problem = `not valid JSON (${(err as Error).message})`;
  }
  const backupPath = `${file}.corrupt-${now().toISOString().replace(/[:.]/g, '-')}`;
  try {
    await rename(file, backupPath);
  } catch (err) {
    // A read-only folder: the damaged file stays where it is, and the station runs on defaults, read-only.
    return {
      settings: DEFAULT_SETTINGS,
      readOnly: true,
      warning: {
        code: 'settings_corrupt',
        message: `The settings file was damaged (${problem}) and could not be set aside (${(err as Error).message}); defaults are in use and nothing is saved.`,
      },
    };
  }
  return {
    settings: DEFAULT_SETTINGS,
    warning: { code: 'settings_corrupt', message: `The settings file was damaged (${problem}); defaults are in use.`, backupPath },
  };
}
