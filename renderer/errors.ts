import i18next, { type TFunction } from 'i18next';
import { StationError } from '../shared/errors';

/**
 * A message for a person. The services explain failures in English; in English that explanation is
 * shown as it is, in other languages it follows the translated headline for its code.
 */
export function errorMessage(t: TFunction, err: unknown): string {
  if (err instanceof StationError) return errorText(t, err.code, err.message);
  return err instanceof Error ? err.message : String(err);
}

/**
 * One language at a time: in English the service's own explanation; in another language the translated
 * headline for its code alone (the English explanation stays in the log and the title), falling back to
 * the explanation only for a code nobody translated yet.
 */
export function errorText(t: TFunction, code: string | undefined, message: string): string {
  if (i18next.language?.startsWith('en') || !code) return message;
  const key = `errors.${code}`;
  const translated = t(key);
  return translated === key ? message : translated;
}
