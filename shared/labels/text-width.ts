/**
 * Thermal printers and label fonts print CJK characters twice as wide as Latin ones. Columns are
 * counted that way so a Chinese product name wraps where the paper ends. Written here because the
 * rule is a dozen lines and the npm options pull in whole Unicode tables for a distinction this small.
 */
export function charColumns(char: string): 1 | 2 {
  const c = char.codePointAt(0) ?? 0;
  const wide =
    (c >= 0x1100 && c <= 0x115f) ||
    (c >= 0x2e80 && c <= 0xa4cf) ||
    (c >= 0xac00 && c <= 0xd7a3) ||
    (c >= 0xf900 && c <= 0xfaff) ||
    (c >= 0xfe30 && c <= 0xfe4f) ||
    (c >= 0xff00 && c <= 0xff60) ||
    (c >= 0xffe0 && c <= 0xffe6) ||
    (c >= 0x20000 && c <= 0x3fffd);
  return wide ? 2 : 1;
}

export const textColumns = (text: string) => [...text].reduce((n, ch) => n + charColumns(ch), 0);

/** Wraps at spaces where it can, else mid-word (Chinese has no spaces), never past `columns`. */
export function wrapText(text: string, columns: number): string[] {
  const out: string[] = [];
  let line = '';
  let width = 0;
  const words = text.split(/(\s+)/).filter((w) => w.length > 0);
  for (const word of words) {
    const w = textColumns(word);
    if (/^\s+$/.test(word)) {
      if (width > 0 && width + 1 <= columns) {
        line += ' ';
        width += 1;
      }
      continue;
    }
    if (width + w <= columns) {
      line += word;
      width += w;
      continue;
    }
    if (width > 0 && w <= columns) {
      out.push(line.trimEnd());
      line = word;
      width = w;
      continue;
    }
    for (const ch of word) {
      const cw = charColumns(ch);
      if (width + cw > columns) {
        out.push(line.trimEnd());
        line = '';
        width = 0;
      }
      line += ch;
      width += cw;
    }
  }
  if (line.trim() || out.length === 0) out.push(line.trimEnd());
  return out;
}
