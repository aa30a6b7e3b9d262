/**
 * LPNs are `LPN` + a station prefix + a counter, ten characters after `LPN` in all. HQ gives each enrolment a
 * three-character prefix, unique in the company (never one starting with Z). Before a station is enrolled
 * its prefix is `Z` + four base-36 characters taken from its install id, so two fresh stations (both
 * STATION-01 by default) do not print the same LPNs; HQ accepts an install's own provisional prefix too.
 */
export const LPN_BODY_LENGTH = 10;

export function provisionalLpnPrefix(installId: string): string {
  // FNV-1a over the install id: spread enough that two installs rarely share a prefix (HQ refuses an LPN twice).
  let h = 0x811c9dc5;
  for (const ch of installId.toLowerCase()) h = Math.imul(h ^ ch.charCodeAt(0), 0x01000193) >>> 0;
  return `Z${(h % 36 ** 4).toString(36).toUpperCase().padStart(4, '0')}`;
}

/** The LPN numbered `seq` under `prefix`; null when the counter no longer fits beside the prefix. */
export function lpnOf(prefix: string, seq: number): string | null {
  const width = LPN_BODY_LENGTH - prefix.length;
  const counter = seq.toString(36).toUpperCase();
  return counter.length > width ? null : `LPN${prefix}${counter.padStart(width, '0')}`;
}

/** Container `seq` under `prefix` (`CTN` + the same prefix as the station's LPNs + its own counter); null when it no longer fits. */
export function containerIdOf(prefix: string, seq: number): string | null {
  const lpn = lpnOf(prefix, seq);
  return lpn ? `CTN${lpn.slice(3)}` : null;
}

/** Whether an LPN carries one of these prefixes. */
export const lpnHasPrefix = (lpn: string, prefixes: readonly string[]) => lpn.length === 3 + LPN_BODY_LENGTH && prefixes.some((p) => lpn.startsWith(`LPN${p}`));

/** Whether a container id carries one of these prefixes (a station's containers are its own). */
export const containerHasPrefix = (id: string, prefixes: readonly string[]) => lpnHasPrefix(`LPN${id.slice(3)}`, prefixes) && id.startsWith('CTN');
