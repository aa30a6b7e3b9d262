/** ZPL split into its commands (`^FO40,40` → { cmd: 'FO', args: '40,40' }), for tests to assert on. */
export function parseZpl(zpl: string): { cmd: string; args: string }[] {
  return zpl
    .split('^')
    .slice(1)
    .map((part) => part.replace(/\n$/, ''))
    .map((part) => ({ cmd: part.slice(0, 2), args: part.slice(2) }));
}

/** ^FH_ escapes (`_5E`) back to characters. */
export const unescapeField = (data: string) => data.replace(/_([0-9A-F]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));

/** Every field's data with the command that placed it (text font ^A0/^A@, barcode ^BC, QR ^BQ). */
export function zplFields(zpl: string): { kind: string; data: string }[] {
  const out: { kind: string; data: string }[] = [];
  let kind = '';
  for (const { cmd, args } of parseZpl(zpl)) {
    if (['A0', 'A@', 'BC', 'BQ', 'GB'].includes(cmd)) kind = cmd;
    if (cmd === 'FD') out.push({ kind, data: unescapeField(args) });
  }
  return out;
}
