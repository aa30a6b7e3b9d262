import { mkdir, readFile, readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { useTempDirs } from '../../../test/helpers/temp-dir';
import { writeFileAtomic } from './atomic-write';

const tempDir = useTempDirs();

describe('writeFileAtomic', () => {
  it('replaces the content and leaves no temp file behind', async () => {
    const dir = await tempDir();
    const file = path.join(dir, 'a.json');
    await writeFile(file, 'old');
    await writeFileAtomic(file, 'new content');
    expect(await readFile(file, 'utf8')).toBe('new content');
    expect(await readdir(dir)).toEqual(['a.json']);
  });

  it('leaves no temp file when the write cannot even start (its folder is missing)', async () => {
    const dir = await tempDir();
    const file = path.join(dir, 'missing-dir', 'a.json');
    await expect(writeFileAtomic(file, 'x')).rejects.toThrow(/ENOENT/);
    expect(await readdir(dir)).toEqual([]);
  });

  it('leaves the old file untouched and no temp file when the rename over it fails', async () => {
    const dir = await tempDir();
    const file = path.join(dir, 'a.json');
    await writeFile(file, 'old content');
    // A directory standing where the new file goes makes the final rename fail after the temp file is written.
    const blocked = path.join(dir, 'blocked');
    await mkdir(path.join(blocked, 'x'), { recursive: true });
    await expect(writeFileAtomic(blocked, 'new content')).rejects.toThrow();
    expect(await readFile(file, 'utf8')).toBe('old content');
    expect((await readdir(dir)).sort()).toEqual(['a.json', 'blocked']);
  });
});
