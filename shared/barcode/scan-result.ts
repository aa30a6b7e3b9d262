/** What one scan is. `classifyScan` never throws: anything it cannot place is `unknown` or `invalid`. */
export type ScanResult =
  | {
      kind: 'gtin';
      /** 14 digits, zero-padded. */
      gtin: string;
      /** The same digits also form a valid carrier tracking number: the flow decides by context. */
      trackingAlternative?: { trackingNumber: string; carrier: string };
    }
  | {
      kind: 'gs1';
      /** Every element as scanned, keyed by its AI (dates stay YYMMDD here). */
      ais: Record<string, string>;
      gtin?: string;
      sscc?: string;
      lot?: string;
      serial?: string;
      /** AI 17 as YYYY-MM-DD; DD=00 means the last day of the month. */
      expiry?: string;
      /** AI 15 as YYYY-MM-DD. */
      bestBefore?: string;
    }
  | { kind: 'sscc'; sscc: string }
  | { kind: 'tracking'; trackingNumber: string; carrier: string }
  | { kind: 'rma'; rma: string }
  | { kind: 'lpn'; lpn: string }
  | { kind: 'command'; command: string }
  /** Has a known format's shape but fails its check (check digit, date, AI). */
  | { kind: 'invalid'; reason: string }
  | { kind: 'unknown' };

export type ScanKind = ScanResult['kind'];
