import type { TFunction } from 'i18next';
import { StationError } from '../shared/errors';

/** A message for a person: the translated text for a known code, else the service's own message. */
export function errorMessage(t: TFunction, err: unknown): string {
  if (err instanceof StationError) {
    const key = `errors.${err.code}`;
    const translated = t(key);
    return translated === key ? err.message : `${translated} ${err.message}`;
  }
  return err instanceof Error ? err.message : String(err);
}
