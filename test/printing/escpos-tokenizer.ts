import iconv from 'iconv-lite';

/**
 * Reads ESC/POS bytes back into what a printer would do with them. Only for tests: no offline ESC/POS
 * decoder exists. Covers the commands the station emits; anything else is reported as `unknown` with its
 * bytes so a test fails loudly rather than skipping it.
 */
export type EscPosToken =
  | { type: 'init' }
  | { type: 'codepage'; command: 'ESC R' | 'ESC t'; n: number }
  | { type: 'align'; align: 'left' | 'center' | 'right' }
  | { type: 'bold'; on: boolean }
  | { type: 'mode'; n: number }
  | { type: 'size'; n: number }
  | { type: 'font'; n: number }
  | { type: 'chinese'; on: boolean }
  | { type: 'barcode-setting'; command: string; n: number }
  | { type: 'barcode'; symbology: string; data: string }
  | { type: 'qr-setting'; fn: number; bytes: number[] }
  | { type: 'qr-data'; data: string }
  | { type: 'qr-print' }
  | { type: 'feed'; lines: number }
  | { type: 'cut'; partial: boolean }
  | { type: 'line'; text: string }
  | { type: 'unknown'; bytes: number[] };

const SYMBOLOGIES: Record<number, string> = { 65: 'UPC-A', 67: 'EAN13', 68: 'EAN8', 69: 'CODE39', 73: 'CODE128' };

export function tokenizeEscPos(bytes: Uint8Array): EscPosToken[] {
  const tokens: EscPosToken[] = [];
  let i = 0;
  let chinese = false;
  let text: number[] = [];
  const flushText = (withNewline: boolean) => {
    if (text.length || withNewline)
      tokens.push({ type: 'line', text: chinese ? iconv.decode(Buffer.from(text), 'GB18030') : Buffer.from(text).toString('latin1') });
    text = [];
  };
  const b = (k: number) => bytes[i + k]!;
  while (i < bytes.length) {
    const c = b(0);
    if (c === 0x0a) {
      flushText(true);
      i += 1;
    } else if (c === 0x1b) {
      flushText(false);
      const cmd = b(1);
      if (cmd === 0x40) tokens.push({ type: 'init' }), (i += 2);
      else if (cmd === 0x52 || cmd === 0x74) tokens.push({ type: 'codepage', command: cmd === 0x52 ? 'ESC R' : 'ESC t', n: b(2) }), (i += 3);
      else if (cmd === 0x61) tokens.push({ type: 'align', align: (['left', 'center', 'right'] as const)[b(2) % 48] ?? 'left' }), (i += 3);
      else if (cmd === 0x45) tokens.push({ type: 'bold', on: b(2) === 1 }), (i += 3);
      else if (cmd === 0x21) tokens.push({ type: 'mode', n: b(2) }), (i += 3);
      else if (cmd === 0x4d) tokens.push({ type: 'font', n: b(2) }), (i += 3);
      else if (cmd === 0x64) tokens.push({ type: 'feed', lines: b(2) }), (i += 3);
      else tokens.push({ type: 'unknown', bytes: [c, cmd] }), (i += 2);
    } else if (c === 0x1c && (b(1) === 0x26 || b(1) === 0x2e)) {
      flushText(false);
      chinese = b(1) === 0x26;
      tokens.push({ type: 'chinese', on: chinese });
      i += 2;
    } else if (c === 0x1d) {
      flushText(false);
      const cmd = b(1);
      if (cmd === 0x6b) {
        const m = b(2);
        if (m >= 65) {
          const n = b(3);
          let data = Buffer.from(bytes.subarray(i + 4, i + 4 + n)).toString('latin1');
          if (m === 73 && data.startsWith('{')) data = data.slice(2); // code set selector ({A/{B/{C)
          tokens.push({ type: 'barcode', symbology: SYMBOLOGIES[m] ?? `m=${m}`, data });
          i += 4 + n;
        } else {
          const end = bytes.indexOf(0, i + 3);
          tokens.push({ type: 'barcode', symbology: `m=${m}`, data: Buffer.from(bytes.subarray(i + 3, end)).toString('latin1') });
          i = end + 1;
        }
      } else if (cmd === 0x28 && b(2) === 0x6b) {
        const len = b(3) + b(4) * 256;
        const fn = b(6);
        const payload = [...bytes.subarray(i + 7, i + 5 + len)];
        if (fn === 0x50) tokens.push({ type: 'qr-data', data: Buffer.from(payload.slice(1)).toString('utf8') });
        else if (fn === 0x51) tokens.push({ type: 'qr-print' });
        else tokens.push({ type: 'qr-setting', fn, bytes: payload });
        i += 5 + len;
      } else if (cmd === 0x56) {
        tokens.push({ type: 'cut', partial: b(2) === 1 || b(2) === 49 });
        i += b(2) >= 65 ? 4 : 3;
      } else if (cmd === 0x21) tokens.push({ type: 'size', n: b(2) }), (i += 3);
      else if ([0x48, 0x66, 0x77, 0x68].includes(cmd)) tokens.push({ type: 'barcode-setting', command: String.fromCharCode(cmd), n: b(2) }), (i += 3);
      else tokens.push({ type: 'unknown', bytes: [c, cmd] }), (i += 2);
    } else {
      text.push(c);
      i += 1;
    }
  }
  flushText(false);
  return tokens;
}

/** The printed text lines, in order (what a person would read on the paper). */
export const printedLines = (tokens: EscPosToken[]) =>
  tokens
    .filter((t): t is Extract<EscPosToken, { type: 'line' }> => t.type === 'line')
    .map((t) => t.text.trim())
    .filter(Boolean);
