import { z } from 'zod';

/** The station's own barcodes (hardware.md). Patterns are regular-expression sources, set in settings. */
export const StationCodeSettingsSchema = z
  .object({
    rmaPattern: z.string().min(1).max(200).refine(isRegExpSource, 'not a valid regular expression'),
    lpnPattern: z.string().min(1).max(200).refine(isRegExpSource, 'not a valid regular expression'),
    commandPrefix: z.string().min(1).max(16),
  })
  .strict();
export type StationCodeSettings = z.infer<typeof StationCodeSettingsSchema>;

export const DEFAULT_STATION_CODES: StationCodeSettings = {
  rmaPattern: '^RMA-[0-9A-Z]{6,20}$',
  lpnPattern: '^LPN[0-9A-Z]{10}$',
  commandPrefix: '#CMD:',
};

function isRegExpSource(source: string): boolean {
  try {
    new RegExp(source);
    return true;
  } catch {
    return false;
  }
}

export interface CompiledStationCodes {
  rma: RegExp;
  lpn: RegExp;
  /** The literal prefix of each pattern (e.g. "RMA-"): a scan with it that does not match is `invalid`. */
  rmaPrefix: string;
  lpnPrefix: string;
  commandPrefix: string;
}

/** The leading literal characters of a pattern such as `^RMA-[0-9A-Z]{6,20}$` → `RMA-`. */
function literalPrefix(source: string): string {
  const m = /^\^((?:[A-Za-z0-9_#:-]|\\-)*)/.exec(source);
  return (m?.[1] ?? '').replace(/\\-/g, '-');
}

export function compileStationCodes(codes: StationCodeSettings): CompiledStationCodes {
  return {
    rma: new RegExp(codes.rmaPattern),
    lpn: new RegExp(codes.lpnPattern),
    rmaPrefix: literalPrefix(codes.rmaPattern),
    lpnPrefix: literalPrefix(codes.lpnPattern),
    commandPrefix: codes.commandPrefix,
  };
}
