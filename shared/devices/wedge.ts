/**
 * Keyboard-wedge scanners type a whole code in one burst (a few ms between keys) and end it with Enter
 * or Tab. People type slower. The detector holds printable keys while they might be the start of a burst;
 * a burst that ends in a suffix and is long enough becomes a scan, anything else is released to wherever
 * the person was typing, in order. Ctrl+] is GS (FNC1), which GS1 codes need.
 *
 * Pure: the caller feeds key events with timestamps and calls `tick` after `maxInterKeyMs` without keys.
 */
import { z } from 'zod';

export const WedgeSettingsSchema = z
  .object({
    /** Longest gap between two keys of one scan. */
    maxInterKeyMs: z.number().int().min(5).max(200),
    /** Shortest code that counts as a scan (shorter bursts are typing). */
    minLength: z.number().int().min(1).max(64),
    /** Keys that end a scan. */
    suffixes: z.array(z.enum(['Enter', 'Tab'])).min(1),
  })
  .strict();
export type WedgeSettings = z.infer<typeof WedgeSettingsSchema>;

export const DEFAULT_WEDGE_SETTINGS: WedgeSettings = { maxInterKeyMs: 35, minLength: 4, suffixes: ['Enter', 'Tab'] };

export interface WedgeKey {
  key: string;
  ctrlKey?: boolean;
  altKey?: boolean;
  metaKey?: boolean;
  /** Milliseconds, monotonic (KeyboardEvent.timeStamp). */
  timeStamp: number;
}

export interface WedgeDecision {
  /** Keep this key from reaching the page (it is held, or it ended a scan). */
  consume: boolean;
  /** Held keys that turned out to be typing: give them to the focused field, before this key. */
  release?: string;
  /** A whole scan. */
  scan?: string;
}

const GS = '\u001d';

export function createWedgeDetector(settings: WedgeSettings = DEFAULT_WEDGE_SETTINGS) {
  let held = '';
  let lastAt = -Infinity;
  let slow = false;

  const releaseHeld = () => {
    const text = held;
    held = '';
    slow = false;
    return text;
  };

  return {
    push(e: WedgeKey): WedgeDecision {
      const gap = e.timeStamp - lastAt;
      const char = e.ctrlKey && !e.altKey && !e.metaKey && e.key === ']' ? GS : !e.ctrlKey && !e.altKey && !e.metaKey && e.key.length === 1 ? e.key : null;
      // A pause longer than a scanner makes: what was held was typed by a person.
      const stale = held && gap > settings.maxInterKeyMs ? releaseHeld() : '';
      lastAt = e.timeStamp;

      if (char !== null) {
        if (held && gap > settings.maxInterKeyMs) slow = true;
        held += char;
        return stale ? { consume: true, release: stale } : { consume: true };
      }
      if ((settings.suffixes as string[]).includes(e.key) && !e.ctrlKey && !e.altKey && !e.metaKey && held) {
        if (held.length >= settings.minLength && !slow && gap <= settings.maxInterKeyMs) {
          const scan = releaseHeld();
          return { consume: true, scan };
        }
        return { consume: false, release: releaseHeld() };
      }
      // Any other key (arrows, Backspace, shortcuts) first releases what was held, then acts as usual.
      const release = held ? releaseHeld() : stale;
      return release ? { consume: false, release } : { consume: false };
    },
    /** Call when `maxInterKeyMs` passed without a key: held keys were typing. */
    tick(now: number): WedgeDecision {
      if (held && now - lastAt > settings.maxInterKeyMs) return { consume: false, release: releaseHeld() };
      return { consume: false };
    },
    /** Whether keys are held (the caller schedules `tick` while they are). */
    get holding() {
      return held.length > 0;
    },
  };
}
