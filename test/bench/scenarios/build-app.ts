import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

let built: Promise<void> | undefined;

/** The app as `npm run demo` runs it, built from this checkout once per run: a missing or stale build would time other code. */
export function buildApp(): Promise<void> {
  built ??= promisify(execFile)('npm', ['run', 'build'], { maxBuffer: 64 * 1024 * 1024 }).then(
    () => undefined,
    (err: { stdout?: string; stderr?: string }) => {
      throw new Error(`npm run build failed: ${`${err.stdout ?? ''}${err.stderr ?? ''}`.slice(-2000)}`);
    },
  );
  return built;
}
