import { execSync } from 'node:child_process';

/** The e2e suites run the real bundled host and the real built renderer, so build them once first. */
export default function globalSetup() {
  execSync('npm run build', { stdio: 'inherit' });
}
