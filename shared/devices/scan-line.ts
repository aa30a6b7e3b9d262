/**
 * What a serial scanner's line must look like to be a scan: at most MAX_SCAN_LENGTH characters,
 * printable (any script: Chinese QR content is fine) or GS (FNC1 in GS1 codes). Anything else — control
 * bytes, invalid UTF-8, a megabyte without a line end — is noise from a wrong baud rate, a loose cable
 * or a device that is not a scanner, and must never reach the receiving flow as a "scan".
 */
export const MAX_SCAN_LENGTH = 512;

export type ScanLineVerdict = { ok: true; data: string } | { ok: false; why: 'too_long' | 'not_printable' };

const GS = 0x1d;

export function checkScanLine(line: string): ScanLineVerdict {
  if (line.length > MAX_SCAN_LENGTH) return { ok: false, why: 'too_long' };
  for (const ch of line) {
    const c = ch.codePointAt(0)!;
    // Controls (C0, DEL, C1), the replacement character of invalid UTF-8, and unpaired surrogates.
    if ((c < 0x20 && c !== GS) || (c >= 0x7f && c < 0xa0) || c === 0xfffd || (c >= 0xd800 && c <= 0xdfff)) return { ok: false, why: 'not_printable' };
  }
  return { ok: true, data: line };
}
