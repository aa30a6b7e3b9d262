/**
 * Whether the station may keep writing. IndexedDB refuses writes past its quota and a full disk fails them
 * half-way; both are caught here before a record is lost: receiving stops while there is still room to
 * finish what is open and to sync.
 */
export interface StorageReading {
  /** navigator.storage.estimate(): what this origin uses and may use; undefined where the browser cannot say. */
  usageBytes?: number;
  quotaBytes?: number;
  /** The disk the data lives on (from the service side); undefined where unknown. */
  diskFreeBytes?: number;
}

export type StorageLevel = 'ok' | 'low' | 'full';

export interface StorageAssessment {
  level: StorageLevel;
  /** The smaller of the room left in the quota and on the disk, when known. */
  freeBytes?: number;
  /** Which limit is the nearest. */
  limitedBy?: 'quota' | 'disk';
}

const MB = 1024 * 1024;
/** Below this no new parcel is started: enough for a parcel's photos and its records, and a sync. */
export const BLOCK_BELOW_BYTES = 200 * MB;
/** Below this the manager is warned (free space, or let HQ take the photos and prune them). */
export const WARN_BELOW_BYTES = 1024 * MB;
/** Share of the quota in use at which the browser may start refusing: treated as full. */
const QUOTA_FULL_SHARE = 0.95;

export function assessStorage(r: StorageReading): StorageAssessment {
  const quotaLeft = r.usageBytes !== undefined && r.quotaBytes !== undefined && r.quotaBytes > 0 ? Math.max(0, r.quotaBytes - r.usageBytes) : undefined;
  const quotaShare = quotaLeft !== undefined ? r.usageBytes! / r.quotaBytes! : 0;
  const candidates: { free: number; by: 'quota' | 'disk' }[] = [];
  if (quotaLeft !== undefined) candidates.push({ free: quotaLeft, by: 'quota' });
  if (r.diskFreeBytes !== undefined && Number.isFinite(r.diskFreeBytes)) candidates.push({ free: Math.max(0, r.diskFreeBytes), by: 'disk' });
  if (candidates.length === 0) return { level: 'ok' };
  const nearest = candidates.reduce((a, b) => (b.free < a.free ? b : a));
  const level: StorageLevel = nearest.free < BLOCK_BELOW_BYTES || quotaShare >= QUOTA_FULL_SHARE ? 'full' : nearest.free < WARN_BELOW_BYTES ? 'low' : 'ok';
  return { level, freeBytes: nearest.free, limitedBy: quotaShare >= QUOTA_FULL_SHARE ? 'quota' : nearest.by };
}
