import type { TFunction } from 'i18next';

/** A one-line answer to what the person just did (a scan, a key), kept as a function of `t` so it follows a change of language. */
export type Flash = { kind: 'ok' | 'error' | 'info'; text: string | ((t: TFunction) => string); about?: 'pin' };
export const flashText = (t: TFunction, flash: Flash) => (typeof flash.text === 'function' ? flash.text(t) : flash.text);
