import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { BLOCK_BELOW_BYTES, WARN_BELOW_BYTES, assessStorage } from './storage-limits';

const GB = 1024 ** 3;

describe('storage limits', () => {
  it('plenty of room: ok; unknown everywhere: ok (nothing to act on)', () => {
    expect(assessStorage({ usageBytes: 1 * GB, quotaBytes: 50 * GB, diskFreeBytes: 100 * GB })).toMatchObject({ level: 'ok', limitedBy: 'quota' });
    expect(assessStorage({})).toEqual({ level: 'ok' });
  });

  it('a nearly full disk blocks receiving even when the quota is large', () => {
    expect(assessStorage({ usageBytes: 0, quotaBytes: 50 * GB, diskFreeBytes: BLOCK_BELOW_BYTES - 1 })).toEqual({
      level: 'full',
      freeBytes: BLOCK_BELOW_BYTES - 1,
      limitedBy: 'disk',
    });
    expect(assessStorage({ diskFreeBytes: WARN_BELOW_BYTES - 1 })).toMatchObject({ level: 'low', limitedBy: 'disk' });
  });

  it('a quota 95 % used is full, whatever is left in bytes', () => {
    expect(assessStorage({ usageBytes: 95 * GB, quotaBytes: 100 * GB, diskFreeBytes: 500 * GB })).toMatchObject({ level: 'full', limitedBy: 'quota' });
  });

  it('less room never makes it better (monotone), and it never throws on odd readings', () => {
    fc.assert(
      fc.property(fc.nat(), fc.nat(), fc.nat(), fc.nat(), (usage, quota, disk, less) => {
        const rank = { ok: 0, low: 1, full: 2 } as const;
        const a = assessStorage({ usageBytes: usage, quotaBytes: quota, diskFreeBytes: disk });
        const b = assessStorage({ usageBytes: usage, quotaBytes: quota, diskFreeBytes: Math.max(0, disk - less) });
        return rank[b.level] >= rank[a.level];
      }),
    );
    for (const odd of [{ usageBytes: -1, quotaBytes: 0 }, { diskFreeBytes: Number.NaN }, { usageBytes: 10, quotaBytes: 5 }])
      expect(() => assessStorage(odd)).not.toThrow();
  });
});
