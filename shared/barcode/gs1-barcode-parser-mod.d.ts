// The package ships no types; this is the part of its API the station uses.
declare module 'gs1-barcode-parser-mod' {
  export interface ParsedElement {
    ai: string;
    dataTitle: string;
    data: unknown;
    /** The untouched substring the element was read from. */
    raw: string;
    unit: string;
  }
  export function parseBarcode(barcode: string): { codeName: string; parsedCodeItems: ParsedElement[] };
}
