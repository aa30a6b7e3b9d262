/** Who pushes: the station, the enrolment (install) it pushes from, and the LPN prefixes its units may carry. */
export interface PushScope {
  warehouseId: string;
  stationId: string;
  installId: string;
  /** Every prefix HQ gave this install, and the one it used before it was enrolled. */
  lpnPrefixes: readonly string[];
}
