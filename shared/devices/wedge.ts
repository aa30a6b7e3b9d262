/**
 * Keyboard-wedge scanners type a whole code in one burst (a few ms between keys) and end it with Enter
 * or Tab. People type slower. The detector holds printable keys while they might be the start of a burst;
 * a burst that ends in a suffix and is long enough becomes a scan, anything else is released to wherever
 * the person was typing, in order. Ctrl+] is GS (FNC1), which GS1 codes need.
 *
 * Timing fails on a busy machine (keys queue up and arrive late), so a scanner can also be recognised by
 * content: a configured prefix its programming adds to every code, or the AIM symbology identifier
 * (`]C1`, `]E0`, `]d2`, …) that most scanners can transmit. A burst that starts so is a scan however slowly
 * its keys arrive; timing stays the fallback for scanners configured with neither.
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
    /** Characters the scanner is programmed to send before every code (stripped from the scan); '' for none. */
    prefix: z
      .string()
      .max(8)
      .regex(/^[^\s]*$/u, 'no spaces'),
    /** The scanner sends AIM symbology identifiers: `]` + letter + modifier starts a scan (kept in the data). */
    aimIds: z.boolean(),
    /** A burst recognised by content that never ends is given back as typing after this long. */
    contentHoldMs: z.number().int().min(500).max(30_000),
  })
  .strict();
export type WedgeSettings = z.infer<typeof WedgeSettingsSchema>;

export const DEFAULT_WEDGE_SETTINGS: WedgeSettings = {
  maxInterKeyMs: 35,
  minLength: 4,
  suffixes: ['Enter', 'Tab'],
  prefix: '',
  aimIds: false,
  contentHoldMs: 3000,
};

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

const AIM_LEAD = /^\](?:[A-Za-z][0-9A-Za-z]?)?$/;
const AIM_ID = /^\][A-Za-z][0-9A-Za-z]/;

export function createWedgeDetector(settings: WedgeSettings = DEFAULT_WEDGE_SETTINGS) {
  const { prefix, aimIds } = settings;
  let held = '';
  let lastAt = -Infinity;
  let slow = false;

  /** What is held is (or may still become, as more keys come) a scanner's lead: not judged by time. */
  const ledByContent = () => (prefix !== '' && held.startsWith(prefix)) || (aimIds && AIM_ID.test(held));
  const mayBecomeLead = () => (prefix !== '' && prefix.startsWith(held)) || (aimIds && AIM_LEAD.test(held));
  const timeless = () => held !== '' && (ledByContent() || mayBecomeLead());

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
      const late = gap > settings.maxInterKeyMs;
      lastAt = e.timeStamp;

      if (char !== null) {
        if (timeless()) {
          held += char;
          // A lead that turned out not to be one: judge what was held by time, as before.
          if (!ledByContent() && !mayBecomeLead() && late) {
            const stale = held.slice(0, -1);
            held = char;
            return { consume: true, release: stale };
          }
          return { consume: true };
        }
        // A pause longer than a scanner makes: what was held was typed by a person.
        const stale = held && late ? releaseHeld() : '';
        if (held && late) slow = true;
        held += char;
        return stale ? { consume: true, release: stale } : { consume: true };
      }
      if ((settings.suffixes as string[]).includes(e.key) && !e.ctrlKey && !e.altKey && !e.metaKey && held) {
        if (ledByContent()) {
          const scan = releaseHeld();
          const data = prefix !== '' && scan.startsWith(prefix) ? scan.slice(prefix.length) : scan;
          return data.length > 0 ? { consume: true, scan: data } : { consume: false, release: scan };
        }
        if (held.length >= settings.minLength && !slow && !late) {
          const scan = releaseHeld();
          return { consume: true, scan };
        }
        return { consume: false, release: releaseHeld() };
      }
      // Any other key (arrows, Backspace, shortcuts) first releases what was held, then acts as usual.
      return held ? { consume: false, release: releaseHeld() } : { consume: false };
    },
    /** Call when `maxInterKeyMs` passed without a key: held keys were typing (a scanner's lead waits longer). */
    tick(now: number): WedgeDecision {
      const waited = now - lastAt;
      if (held && waited > (timeless() ? settings.contentHoldMs : settings.maxInterKeyMs)) return { consume: false, release: releaseHeld() };
      return { consume: false };
    },
    /** Whether keys are held (the caller schedules `tick` while they are). */
    get holding() {
      return held.length > 0;
    },
    /** How long after the last key `tick` may release what is held. */
    get waitMs() {
      return timeless() ? settings.contentHoldMs : settings.maxInterKeyMs;
    },
  };
}
