/**
 * AIM symbology identifiers (ISO/IEC 15424): `]` + symbology letter + modifier, sent by many scanners in
 * front of the data. `]C1`/`]e0`/`]d2`/`]Q3`/`]J1` announce GS1 data (FNC1 in first position).
 */
const AIM = /^\](?<symbology>[A-Za-z][0-9A-Za-z])/;
const GS1_SYMBOLOGIES = new Set(['C1', 'e0', 'e1', 'e2', 'd2', 'Q3', 'J1']);

export interface AimSplit {
  symbology?: string;
  data: string;
  /** The symbology itself says the data is a GS1 element string. */
  gs1: boolean;
  /** EAN/UPC symbology (]E0 EAN-13/UPC-A, ]E4 EAN-8…): the data is a GTIN. */
  eanUpc: boolean;
}

export function splitAim(raw: string): AimSplit {
  const match = AIM.exec(raw);
  if (!match) return { data: raw, gs1: false, eanUpc: false };
  const symbology = match.groups!.symbology!;
  return { symbology, data: raw.slice(3), gs1: GS1_SYMBOLOGIES.has(symbology), eanUpc: symbology[0] === 'E' };
}
