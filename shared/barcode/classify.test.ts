import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import fixtures from '../../test/fixtures/barcodes.json';
import { classifyScan, classifyWith, createScanClassifier } from './classify';
import { DEFAULT_STATION_CODES, compileStationCodes } from './station-codes';

describe('classifyScan: the shared fixtures', () => {
  it.each(fixtures.cases.map((c) => [JSON.stringify(c.input), c] as const))('%s', (_, c) => {
    expect(classifyScan(c.input)).toMatchObject(c.expect);
  });
});

describe('classifyScan: GTINs', () => {
  it.each([
    ['96385074', '00000096385074'], // EAN-8
    ['036000291452', '00036000291452'], // UPC-A
    ['4006381333931', '04006381333931'], // EAN-13
    ['6901234567892', '06901234567892'], // EAN-13, China 690–699
    ['10012345678902', '10012345678902'], // GTIN-14
    [']E06901234567892', '06901234567892'],
    [']E496385074', '00000096385074'],
    [' 4006381333931\r\n', '04006381333931'],
  ])('%j → gtin %s', (input, gtin) => expect(classifyScan(input)).toMatchObject({ kind: 'gtin', gtin }));

  it.each(['96385075', '036000291453', '6901234567893', '10012345678903'])('%s has a wrong check digit → invalid', (input) => {
    expect(classifyScan(input)).toMatchObject({ kind: 'invalid', reason: expect.stringMatching(/check digit/) });
  });

  it('an EAN/UPC symbology with a length no EAN has is invalid, not a guess', () => {
    expect(classifyScan(']E012345')).toMatchObject({ kind: 'invalid', reason: '5 digits is no EAN/UPC length' });
  });

  it('a valid GTIN whose digits also form a carrier number reports the carrier aside', () => {
    // 986578788833 is a UPC-A with a valid check digit and a valid FedEx Express (12) number.
    expect(classifyScan('986578788833')).toEqual({
      kind: 'gtin',
      gtin: '00986578788833',
      trackingAlternative: { trackingNumber: '986578788833', carrier: 'fedex' },
    });
    // With the EAN/UPC symbology identifier the scanner has said what it is.
    expect(classifyScan(']E0986578788833')).toEqual({ kind: 'gtin', gtin: '00986578788833' });
  });
});

describe('classifyScan: GS1 element strings', () => {
  it('reads GTIN, expiry, lot and serial from a GS1-128 scan with FNC1 as GS', () => {
    expect(classifyScan(']C101095011015300031725123110ABC123\u001d21XYZ001')).toEqual({
      kind: 'gs1',
      ais: { '01': '09501101530003', '17': '251231', '10': 'ABC123', '21': 'XYZ001' },
      gtin: '09501101530003',
      expiry: '2025-12-31',
      lot: 'ABC123',
      serial: 'XYZ001',
    });
  });

  it.each([
    ['(01)09501101530003(17)260200', '2026-02-28'],
    ['(01)09501101530003(17)280200', '2028-02-29'], // leap year
    ['(01)09501101530003(17)270431', null], // April has 30 days
    ['(01)09501101530003(17)271300', null],
  ])('%s: expiry %s (DD=00 → last day of month)', (input, expiry) => {
    const result = classifyScan(input);
    if (expiry) expect(result).toMatchObject({ kind: 'gs1', expiry });
    else expect(result).toMatchObject({ kind: 'invalid', reason: expect.stringMatching(/AI \(17\) \d{6} is not a date/) });
  });

  it.each([
    [']d201095011015300031725123110ABC123', 'GS1 DataMatrix'],
    [']Q301095011015300031725123110ABC123', 'GS1 QR'],
    ['\u001d01095011015300031725123110ABC123', 'leading FNC1'],
    ['01095011015300031725123110ABC123', 'no AIM prefix'],
  ])('%j (%s) is read the same', (input) => {
    expect(classifyScan(input)).toMatchObject({ kind: 'gs1', gtin: '09501101530003', expiry: '2025-12-31', lot: 'ABC123' });
  });

  it('reads best-before (15) and keeps every other AI as scanned', () => {
    expect(classifyScan('(01)09501101530003(15)261015(30)12(3103)001250')).toMatchObject({
      kind: 'gs1',
      bestBefore: '2026-10-15',
      ais: { '30': '12', '3103': '001250' },
    });
  });

  it('a variable-length field longer than its AI allows (lot: 20) is refused, not read as one long lot', () => {
    expect(classifyScan(`]C10109501101530003172512311010${'A'.repeat(18)}`)).toMatchObject({ kind: 'gs1', lot: `10${'A'.repeat(18)}` });
    expect(classifyScan(`]C1010950110153000317251231${'10'}${'A'.repeat(25)}`)).toEqual({
      kind: 'invalid',
      reason: 'AI (10) holds 25 characters; at most 20 are allowed',
    });
    expect(classifyScan(`]C1010950110153000317251231${'21'}${'7'.repeat(21)}`)).toEqual({
      kind: 'invalid',
      reason: 'AI (21) holds 21 characters; at most 20 are allowed',
    });
  });

  it('an element string holding only an SSCC is an sscc, only a GTIN a gtin', () => {
    expect(classifyScan('(00)106141411234567897')).toEqual({ kind: 'sscc', sscc: '106141411234567897' });
    expect(classifyScan('00106141411234567897')).toEqual({ kind: 'sscc', sscc: '106141411234567897' });
    expect(classifyScan(']C10109501101530003')).toEqual({ kind: 'gtin', gtin: '09501101530003' });
  });

  it.each([
    [']C100106141411234567898', /SSCC check digit/],
    ['(01)09501101530004(10)A', /GTIN check digit/],
    [']C10109501101530003172512', /could not be read/],
    [']C1ZZZ', /could not be read/],
    ['(01)09501101530003(01)09501101530003', /appears twice|could not be read/],
  ])('%j is invalid: %s', (input, reason) => {
    expect(classifyScan(input)).toMatchObject({ kind: 'invalid', reason: expect.stringMatching(reason) });
  });
});

describe('classifyScan: carrier tracking numbers', () => {
  it.each([
    ['420221539101026837331000039521', '9101026837331000039521', 'usps'],
    ['4201002334249200190132607600833457', '9200190132607600833457', 'usps'],
    ['420112139261290983497923666238', '9261290983497923666238', 'fedex'],
    ['9261292700768711948021', '9261292700768711948021', 'fedex'],
    ['9611020987654312345672', '9611020987654312345672', 'fedex'],
  ])('IMpb %s is tracking number %s (%s): the 420+ZIP routing prefix is not part of it', (input, trackingNumber, carrier) => {
    expect(classifyScan(input)).toEqual({ kind: 'tracking', trackingNumber, carrier });
  });

  it.each([
    ['1Z999AA10123456784', 'ups'],
    ['1Z5R89390357567127', 'ups'],
    ['986578788855', 'fedex'],
    ['9400111202555842332669', 'usps'],
    ['3318810025', 'dhl'],
    ['TBA000000000000', 'amazon'],
    ['C11031500001879', 'ontrac'],
    ['RA123456785CN', 'upu'],
    ['CP123456785CN', 'upu'],
    ['EA123456785CN', 'ems'],
    ['SF1234567890123', 'sf'],
    ['YT1234567890123', 'yto'],
    ['886436979446185504', 'yto'],
    ['75123456789012', 'zto'],
    ['7712345678901', 'sto'],
    ['4312345678901', 'yunda'],
    ['JD0012345678901', 'jd'],
    ['JDVA12345678901', 'jd'],
    ['JT1234567890123', 'jt'],
    ['DPK123456789012', 'deppon'],
    ['YT2012345678901234', 'yunexpress'],
    ['TBC123456789012', 'amazon'],
    ['TBM123456789012', 'amazon'],
    [']C0SF1234567890123', 'sf'],
  ])('%s → %s', (input, carrier) => {
    const result = classifyScan(input);
    if (result.kind === 'gtin') expect(result.trackingAlternative?.carrier).toBe(carrier);
    else expect(result).toEqual({ kind: 'tracking', trackingNumber: input.replace(/^\][A-Za-z]\d/, ''), carrier });
  });

  it.each([
    // FedEx 34-digit barcodes (Ground "96…", Express "10…"): the 12-digit tracking number inside, checksummed or not.
    ['9622001900000000000000776632517510', '776632517510', 'fedex'],
    ['9622001900005105596000201450200094', '201450200094', 'fedex'],
    ['1001921334250001000300779017972697', '779017972697', 'fedex'],
    ['1001901781000000000005151900073584', '151900073584', 'fedex'],
    // DHL eCommerce: GM… (the library's), and its 14-digit numeric ids from 6012 — never "a broken GTIN-14".
    ['GM605112270084510000', 'GM605112270084510000', 'dhl'],
    ['GM2951173225174494', 'GM2951173225174494', 'dhl'],
    ['60123456789012', '60123456789012', 'dhl'],
    ['60129988776655', '60129988776655', 'dhl'],
    // DHL Parcel (Europe).
    ['3SBCC000123456', '3SBCC000123456', 'dhl'],
    ['JVGL9999999999', 'JVGL9999999999', 'dhl'],
  ])('%s is %s (%s)', (input, trackingNumber, carrier) => {
    expect(classifyScan(input)).toEqual({ kind: 'tracking', trackingNumber, carrier });
  });

  it('a number that fits a carrier is never called a broken GTIN; a valid GTIN stays a GTIN with the carrier aside', () => {
    for (const raw of ['60123456789012', '60120000000000', '60129999999999']) expect(classifyScan(raw).kind).toBe('tracking');
    const valid = '60123456789015'.slice(0, 13);
    const gtin14 = `${valid}${(10 - ([...valid].reduce((s, d, i) => s + Number(d) * (i % 2 === 0 ? 3 : 1), 0) % 10)) % 10}`;
    expect(classifyScan(gtin14)).toMatchObject({ kind: 'gtin', trackingAlternative: { carrier: 'dhl' } });
  });

  it.each([
    ['RA123456784CN', 'UPU S10 check digit is 4, should be 5'],
    ['RB123456785XX', 'UPU S10 number with unknown country code XX'],
    ['1Z999AA10123456785', 'UPS 1Z check digit is 5, should be 4'],
  ])('%s → invalid: %s', (input, reason) => expect(classifyScan(input)).toEqual({ kind: 'invalid', reason }));
});

describe('classifyScan: the station’s own codes', () => {
  it.each([
    ['RMA-2026A0001', { kind: 'rma', rma: 'RMA-2026A0001' }],
    ['rma-2026a0001', { kind: 'rma', rma: 'RMA-2026A0001' }],
    ['LPN00000000A1', { kind: 'lpn', lpn: 'LPN00000000A1' }],
    ['#CMD:COMPLETE', { kind: 'command', command: 'COMPLETE' }],
    ['#CMD:GRADE-A', { kind: 'command', command: 'GRADE-A' }],
    ['#CMD:reprint', { kind: 'command', command: 'REPRINT' }],
    ['RMA-12', { kind: 'invalid', reason: 'not a valid RMA number (RMA-…)' }],
    ['RMA-2026A0001-X', { kind: 'invalid', reason: 'not a valid RMA number (RMA-…)' }],
    ['LPN00000A1', { kind: 'invalid', reason: 'not a valid LPN (LPN…)' }],
    ['#CMD:', { kind: 'invalid', reason: 'command code without a valid name' }],
    ['#CMD:DROP TABLE', { kind: 'invalid', reason: 'command code without a valid name' }],
  ])('%s', (input, expected) => expect(classifyScan(input)).toEqual(expected));

  it('uses the patterns from settings', () => {
    const classify = createScanClassifier({ rmaPattern: '^R[0-9]{8}$', lpnPattern: '^LP-[0-9]{6}$', commandPrefix: '@@' });
    expect(classify('R20261124')).toEqual({ kind: 'rma', rma: 'R20261124' });
    expect(classify('LP-000123')).toEqual({ kind: 'lpn', lpn: 'LP-000123' });
    expect(classify('@@COMPLETE')).toEqual({ kind: 'command', command: 'COMPLETE' });
    expect(classify('#CMD:COMPLETE')).toEqual({ kind: 'unknown' });
    expect(classify('RMA-2026A0001')).toEqual({ kind: 'unknown' });
  });
});

describe('classifyScan: anything else', () => {
  it.each(['', '   ', '\r\n', 'hello world', '你好', '12345', 'ABC', ']C0', '\u0000\u0001'])('%j → unknown', (input) => {
    expect(classifyScan(input)).toEqual({ kind: 'unknown' });
  });
});

describe('classifyScan: properties', () => {
  const codes = compileStationCodes(DEFAULT_STATION_CODES);
  const anyScan = fc.oneof(
    fc.string({ unit: 'binary' }),
    fc.string({ unit: 'grapheme' }),
    fc.constantFrom(...fixtures.cases.map((c) => c.input)),
    fc
      .tuple(
        fc.constantFrom(']C1', ']d2', ']E0', ']Q3', '(01)', '01', '00', '1Z', 'RMA-', 'LPN', '#CMD:', 'SF', ''),
        fc.string({ unit: fc.constantFrom(...'0123456789()\u001dABCXYZ-') }),
      )
      .map(([a, b]) => a + b),
  );
  const whitespace = fc.string({ unit: fc.constantFrom(' ', '\t', '\r', '\n') });

  it('never throws, on any string (checked without the safety net)', () => {
    fc.assert(
      fc.property(anyScan, (s) => void classifyWith(s, codes)),
      { numRuns: 3000 },
    );
  });

  it('is stable under surrounding whitespace', () => {
    fc.assert(
      fc.property(anyScan, whitespace, whitespace, (s, a, b) => {
        expect(classifyScan(a + s + b)).toEqual(classifyScan(s));
      }),
      { numRuns: 2000 },
    );
  });

  it('is deterministic', () => {
    fc.assert(
      fc.property(anyScan, (s) => {
        expect(classifyScan(s)).toEqual(classifyScan(s));
      }),
      { numRuns: 500 },
    );
  });

  it('a GTIN result is always 14 digits with a valid check digit', () => {
    fc.assert(
      fc.property(fc.oneof(fc.stringMatching(/^\d{8}$|^\d{12,14}$/), anyScan), (s) => {
        const r = classifyScan(s);
        if (r.kind === 'gtin') {
          expect(r.gtin).toMatch(/^\d{14}$/);
          // GS1 mod-10: weights 3 and 1 from the right, the check digit makes the sum a multiple of 10.
          const sum = [...r.gtin]
            .map(Number)
            .reverse()
            .reduce((n, d, i) => n + d * (i === 0 ? 1 : i % 2 === 1 ? 3 : 1), 0);
          expect(sum % 10).toBe(0);
        }
      }),
      { numRuns: 2000 },
    );
  });
});
