type Plain = Record<string, unknown>;

function isPlainObject(value: unknown): value is Plain {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Deep-merges `patch` onto `base`: objects merge key by key, arrays and scalars replace.
 * Written here rather than taken from a library because the rule is three lines and the settings
 * semantics (an array of devices replaces the old list as a whole) must be exactly this.
 */
export function mergeSettings<T>(base: T, patch: unknown): T {
  if (!isPlainObject(base) || !isPlainObject(patch)) return (patch === undefined ? base : patch) as T;
  const out: Plain = { ...base };
  for (const [key, value] of Object.entries(patch)) {
    if (value === undefined) continue;
    out[key] = mergeSettings(out[key], value);
  }
  return out as T;
}
