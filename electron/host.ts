// Browser-mode entry: `npm run demo` (bundled to dist-electron/host.js) or `tsx electron/host.ts`.
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import pkg from '../package.json' with { type: 'json' };
import { startHost } from './host/start-host';
import { startStationServices } from './services/station-services';

const here = path.dirname(fileURLToPath(import.meta.url));
const { values } = parseArgs({
  options: {
    port: { type: 'string', default: process.env.STATION_PORT ?? '5180' },
    'data-dir': { type: 'string', default: process.env.STATION_DATA_DIR ?? path.join(os.homedir(), '.returns-station', 'browser-mode') },
    'renderer-dir': { type: 'string', default: path.resolve(here, '../dist/renderer') },
  },
});

async function main() {
  const dataDir = path.resolve(values['data-dir']);
  const services = await startStationServices({ dataDir, mode: 'browser', appName: pkg.productName, appVersion: pkg.version });
  // Whatever escapes is written to the station log before the process ends, so the cause is never lost.
  process.on('uncaughtException', (err) => {
    services.logger.log.fatal({ err: { message: err.message, stack: err.stack } }, 'uncaught exception: the host stops');
    console.error(`The station host stopped on an unexpected error: ${err.message}`);
    void services.logger.close().finally(() => process.exit(1));
  });
  let host: Awaited<ReturnType<typeof startHost>>;
  try {
    // STATION_HOST_SECRET keeps the key across a restart (open pages reconnect); else it is new each start.
    host = await startHost({
      services,
      rendererDir: path.resolve(values['renderer-dir']),
      port: Number(values.port),
      ...(process.env.STATION_HOST_SECRET ? { secret: process.env.STATION_HOST_SECRET } : {}),
    });
  } catch (err) {
    await services.close();
    throw err;
  }
  console.log(`Returns station (browser mode) is ready: ${host.url}`);
  console.log(`Data directory: ${dataDir}`);
  console.log('Press Ctrl+C to stop.');

  const stop = async () => {
    await host.close();
    await services.close();
    process.exit(0);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((err: Error) => {
  console.error(`Could not start the station: ${err.message}`);
  process.exit(1);
});
