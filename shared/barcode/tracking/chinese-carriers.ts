/**
 * Carrier numbers ts-tracking-number does not know: domestic Chinese express numbers, and a few DHL and
 * Amazon forms. None publishes a check digit, so they are recognised by prefix and length only, and are
 * tried after GTINs (a valid GTIN wins) and after the checksummed international formats — and before a
 * GTIN-shaped number is called a broken GTIN: where a carrier's format fits, it is that carrier's number.
 */
export interface CarrierPattern {
  carrier: string;
  pattern: RegExp;
}

export const CHINESE_CARRIER_PATTERNS: CarrierPattern[] = [
  { carrier: 'sf', pattern: /^SF\d{13}$/ }, // 顺丰 SF Express
  { carrier: 'yto', pattern: /^YT\d{13}$/ }, // 圆通 YTO
  { carrier: 'yto', pattern: /^8\d{17}$/ }, // 圆通 older 18-digit numbers
  { carrier: 'zto', pattern: /^7[3-8]\d{12}$/ }, // 中通 ZTO, 14 digits
  { carrier: 'sto', pattern: /^77\d{11}$/ }, // 申通 STO, 13 digits
  { carrier: 'yunda', pattern: /^(?:31|43|46)\d{11}$/ }, // 韵达 Yunda, 13 digits
  { carrier: 'jd', pattern: /^JD[0-9A-Z]{13}$/ }, // 京东 JD Logistics (JD0…, JDV…)
  { carrier: 'jt', pattern: /^JT\d{13}$/ }, // 极兔 J&T Express
  { carrier: 'deppon', pattern: /^DPK\d{12}$/ }, // 德邦 Deppon
  { carrier: 'yunexpress', pattern: /^YT\d{16}$/ }, // 云途 YunExpress (cross-border), 18 characters: not YTO's YT + 13
  // DHL eCommerce: the library knows GM/LX/RX… prefixes; its numeric parcel ids are 14 digits from 6012 (no check digit).
  { carrier: 'dhl', pattern: /^6012\d{10}$/ },
  // DHL Parcel (Europe): 3S + 10–20 letters and digits, JVGL / JJD + digits.
  { carrier: 'dhl', pattern: /^3S[0-9A-Z]{10,20}$/ },
  { carrier: 'dhl', pattern: /^JVGL\d{10,20}$/ },
  { carrier: 'dhl', pattern: /^JJD\d{10,20}$/ },
  // Amazon Logistics: the library knows TBA; TBC (Canada) and TBM (Mexico) follow the same shape.
  { carrier: 'amazon', pattern: /^TB[CM]\d{12}$/ },
];

export function matchChineseCarrier(value: string): string | undefined {
  return CHINESE_CARRIER_PATTERNS.find((c) => c.pattern.test(value))?.carrier;
}
