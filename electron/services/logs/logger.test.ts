import { readFile, readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { useTempDirs } from '../../../test/helpers/temp-dir';
import { createStationLogger } from './logger';

const tempDir = useTempDirs();

describe('station logger', () => {
  it('writes renderer entries as JSON lines with their level, message and context', async () => {
    const dir = await tempDir();
    const logger = await createStationLogger(dir);
    logger.write({ level: 'warn', message: 'scale went quiet', context: { feature: 'receive', port: '/dev/ttyUSB0' } });
    logger.log.info({ channel: 'x' }, 'service line');
    await logger.close();
    const lines = (await readFile(logger.file, 'utf8'))
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines[0]).toMatchObject({ level: 40, msg: 'scale went quiet', source: 'renderer', context: { feature: 'receive', port: '/dev/ttyUSB0' } });
    expect(lines[0].time).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
    expect(lines[1]).toMatchObject({ level: 30, msg: 'service line' });
  });

  it('a page cannot forge the log’s own fields through its context', async () => {
    const dir = await tempDir();
    const logger = await createStationLogger(dir);
    logger.write({ level: 'info', message: 'harmless', context: { level: 60, source: 'service', time: '1999-01-01T00:00:00.000Z', msg: 'forged', pid: 1 } });
    await logger.close();
    const [line] = (await readFile(logger.file, 'utf8'))
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(line).toMatchObject({ level: 30, source: 'renderer', msg: 'harmless', context: { level: 60, source: 'service', msg: 'forged' } });
    expect(line.time).not.toBe('1999-01-01T00:00:00.000Z');
    expect(line.pid).toBe(process.pid);
  });

  it('a log folder that cannot be written does not stop the station: it logs to stderr', async () => {
    const dir = await tempDir();
    const notAFolder = path.join(dir, 'file');
    await writeFile(notAFolder, 'x');
    const logger = await createStationLogger(path.join(notAFolder, 'logs'));
    expect(() => logger.write({ level: 'info', message: 'still logging' })).not.toThrow();
    await logger.close();
  });

  it('rotates by size and keeps only the configured number of old files', async () => {
    const dir = await tempDir();
    const logger = await createStationLogger(dir, { size: '1K', maxFiles: 2 });
    const filler = 'x'.repeat(300);
    for (let i = 0; i < 40; i++) {
      logger.write({ level: 'info', message: `${i} ${filler}` });
      await new Promise((r) => setTimeout(r, 2));
    }
    await logger.close();
    const files = (await readdir(dir)).filter((f) => f.endsWith('.log')).sort();
    expect(files).toContain('station.log');
    const rotated = files.filter((f) => f !== 'station.log');
    expect(rotated.length).toBeGreaterThanOrEqual(1);
    expect(rotated.length).toBeLessThanOrEqual(2);
    const current = await readFile(`${dir}/station.log`, 'utf8');
    expect(current).toContain('"msg":"39 ');
  });
});
