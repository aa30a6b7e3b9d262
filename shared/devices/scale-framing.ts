/**
 * Turns a byte stream into frames, whatever the chunking: bytes are kept until a frame is complete.
 * Bytes are read as 7-bit ASCII: a scale on 7E1 seen through an 8N1 port sets the parity bit, and no
 * protocol here uses the high bit.
 */
export interface Framer {
  push(chunk: Uint8Array): string[];
}

const MAX_PENDING = 512;

function ascii(chunk: Uint8Array): string {
  let s = '';
  for (const byte of chunk) s += String.fromCharCode(byte & 0x7f);
  return s;
}

/** Lines ended by CR, LF or CRLF; empty lines are dropped. */
export function lineFramer(): Framer {
  let pending = '';
  return {
    push(chunk) {
      pending += ascii(chunk);
      const parts = pending.split(/\r\n|\r|\n/);
      // The last part has no end yet. A CRLF split across chunks yields an empty line, dropped below.
      pending = parts.pop() ?? '';
      if (pending.length > MAX_PENDING) pending = pending.slice(-MAX_PENDING);
      return parts.filter((p) => p.length > 0);
    },
  };
}

/**
 * Frames between a start and an end marker (Toledo: STX…CR; NCI: LF…ETX). Bytes before a start marker
 * are noise and skipped; a start marker inside a frame restarts it (the previous one was cut off).
 */
export function delimitedFramer(start: string, end: string): Framer {
  let pending = '';
  return {
    push(chunk) {
      pending += ascii(chunk);
      const frames: string[] = [];
      for (;;) {
        const s = pending.indexOf(start);
        if (s < 0) {
          pending = '';
          break;
        }
        const e = pending.indexOf(end, s + 1);
        const restart = pending.indexOf(start, s + 1);
        if (e < 0) {
          pending = pending.slice(s);
          if (pending.length > MAX_PENDING) pending = '';
          break;
        }
        if (restart >= 0 && restart < e && start !== '\n') {
          pending = pending.slice(restart);
          continue;
        }
        frames.push(pending.slice(s + start.length, e));
        pending = pending.slice(e + end.length);
      }
      return frames;
    },
  };
}
