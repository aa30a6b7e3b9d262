import { classifyScan } from '../../shared/barcode/classify';
import type { Bench } from './bench';

/** What a dock scans in a day, roughly: item barcodes most, then parcels, station codes and noise. */
export const MIX = [
  '6901234567892',
  '4006381333931',
  '036000291452',
  ']C101095011015300031725123110ABC123\u001d21XYZ001',
  ']d2010690123456791521SN-A1',
  '(01)09501101530003(17)250200(10)L1',
  'SF1234567890123',
  'JD0012345678901',
  '75123456789012',
  '1Z999AA10123456784',
  'RA123456785CN',
  '9400111202555842332669',
  'RMA-2026A0001',
  'LPN00000000A1',
  '#CMD:COMPLETE',
  'hello world',
];

export const classifyBench: Bench = {
  name: 'classifyScan: 10⁵ scans of a realistic mix',
  target: 'well under 1 s',
  run() {
    let kinds = 0;
    for (let i = 0; i < 100_000; i++) kinds += classifyScan(MIX[i % MIX.length]!).kind.length;
    return kinds;
  },
};
