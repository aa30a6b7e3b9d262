import i18next, { type TFunction } from 'i18next';
import { StationError } from '../shared/errors';

/**
 * A message for a person. The services explain failures in English; in English that explanation is
 * shown as it is, in other languages it follows the translated headline for its code.
 */
export function errorMessage(t: TFunction, err: unknown): string {
  if (err instanceof StationError) {
    const key = `errors.${err.code}`;
    const translated = t(key);
    if (translated === key || i18next.language?.startsWith('en')) return err.message;
    return `${translated} ${err.message}`;
  }
  return err instanceof Error ? err.message : String(err);
}
