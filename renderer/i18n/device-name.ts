import type { TFunction } from 'i18next';

/** A device as people call it: the name someone gave it, else what it is, in the UI's language (never its id). */
export function deviceName(t: TFunction, device: { label?: string; role?: string }, role = device.role ?? 'printer'): string {
  return device.label?.trim() || t(`devices.roles.${role}`);
}
