import { access, constants, mkdir } from 'node:fs/promises';
import path from 'node:path';
import { once } from 'node:events';
import { pino, type Logger } from 'pino';
import { createStream } from 'rotating-file-stream';
import type { LogEntry } from '../../../shared/ipc/contract';

export const LOG_FILE_NAME = 'station.log';

export interface StationLogger {
  /** The pino logger services write to (one JSON object per line). */
  readonly log: Logger;
  readonly file: string;
  /** Records what the renderer sent through the log channel. */
  write(entry: LogEntry): void;
  /** Flushes and closes the file. */
  close(): Promise<void>;
}

export interface LoggerOptions {
  /** Rotate when the current file passes this size, e.g. '1M' or '200K'. */
  size?: string;
  /** How many rotated files to keep beside the current one. */
  maxFiles?: number;
  level?: pino.Level;
}

/**
 * pino writing into rotating-file-stream: pino gives cheap structured lines, rotating-file-stream the
 * size-based rotation with a bounded number of old files (logs/station.1.log …), so a station that runs
 * for months never fills its disk.
 */
export async function createStationLogger(logDir: string, options: LoggerOptions = {}): Promise<StationLogger> {
  const writable = await mkdir(logDir, { recursive: true })
    .then(() => access(logDir, constants.W_OK))
    .then(
      () => true,
      () => false,
    );
  if (!writable) return consoleLogger(path.join(logDir, LOG_FILE_NAME), options);
  const file = path.join(logDir, LOG_FILE_NAME);
  const stream = createStream((time, index) => (time ? `station.${index ?? 1}.log` : LOG_FILE_NAME), {
    path: logDir,
    size: (options.size ?? '1M') as `${number}M`,
    maxFiles: options.maxFiles ?? 5,
  });
  const log = pino(pinoOptions(options), stream);
  let closed = false;

  return {
    log,
    file,
    write: rendererWriter(log),
    async close() {
      if (closed) return;
      closed = true;
      stream.end();
      await once(stream, 'finish');
    },
  };
}

/**
 * A station whose data folder cannot be written (a read-only disk) still starts: it logs to stderr,
 * where the service manager or the terminal keeps it, and its state says the folder is read-only.
 */
function consoleLogger(file: string, options: LoggerOptions): StationLogger {
  const log = pino(pinoOptions(options), pino.destination(2));
  log.warn({ file }, 'the log folder cannot be written: logging to stderr');
  return {
    log,
    file,
    write: rendererWriter(log),
    async close() {
      log.flush();
    },
  };
}

const pinoOptions = (options: LoggerOptions) => ({ level: options.level ?? 'info', timestamp: pino.stdTimeFunctions.isoTime, base: { pid: process.pid } });

/** The page's entries: its context is kept under its own key, so it can never overwrite the log's fields (level, source, time). */
const rendererWriter = (log: Logger) => (entry: LogEntry) => {
  log[entry.level]({ source: 'renderer', ...(entry.context ? { context: entry.context } : {}) }, entry.message);
};
