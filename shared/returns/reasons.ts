/**
 * Every explanation a decision can give, as an i18n key plus parameters. The UI, the audit log and the
 * tests read the same reasons; the renderer's locales translate each key (a test checks they all do).
 */
export const REASON_KEYS = [
  // matching a parcel scan
  'match.byRma',
  'match.byTracking',
  'match.byOrder',
  'match.ambiguous',
  'match.none',
  // matching an item scan
  'item.matchedSerial',
  'item.matchedGtin',
  'item.serialMismatch',
  'item.duplicateSerial',
  'item.wrongItem',
  'item.unexpected',
  'item.notItemCode',
  'item.notOnReturnQuarantined',
  'item.serialHeld',
  'item.overReceipt',
  // eligibility
  'eligibility.withinWindow',
  'eligibility.late',
  'eligibility.lateButQualityFault',
  'eligibility.qualityWarrantyOver',
  'eligibility.afterDeadline',
  'eligibility.excludedFromNoReason',
  'eligibility.expiredNotResellable',
  'eligibility.serialReturner',
  'eligibility.notResellable',
  'eligibility.faultWithinWarranty',
  'eligibility.cancelled',
  'eligibility.noDeliveryDate',
  'eligibility.carrierDamageNoExcuse',
  // inspection and grade
  'grade.asNew',
  'grade.failedCheck',
  'grade.missingAnswers',
  // fault, disposition, routing
  'fault.customer',
  'fault.seller',
  'fault.carrier',
  'fault.defectClaimNotConfirmed',
  'disposition.sellable',
  'disposition.customerDamaged',
  'disposition.damaged',
  'disposition.defective',
  'disposition.carrierDamaged',
  'disposition.expired',
  'routing.channel',
  // gifts
  'gift.virtualReversal',
  'gift.virtualDeducted',
  'gift.returned',
  'gift.notRequired',
  'gift.dueInProportion',
  'gift.missingDeducted',
  'gift.storeMissedReship',
  'gift.extraReturnTask',
  'gift.damagedDeducted',
  'gift.damagedAccepted',
  // line reception
  'reception.awaiting',
  'reception.received',
  'reception.shortShipped',
  'reception.wrongItem',
  'reception.over',
  'reception.expired',
  'reception.cancelled',
  'reception.unexpected',
  // refund
  'refund.line',
  'refund.lineRejected',
  'refund.linePending',
  'refund.restockingFee',
  'refund.noFeeResellable',
  'refund.noFeeNotCustomerFault',
  'refund.freightDeducted',
  'refund.freightReimbursed',
  'refund.freightBySeller',
  'refund.freightByCustomer',
  'refund.giftDeduction',
  'refund.flooredAtZero',
  'refund.deductionsAwaitDecision',
  'refund.needsManager',
  'refund.decision',
  'refund.exchangeNoRefund',
  // HQ, across the stations of a warehouse
  'refund.lineOverAcrossStations',
  'refund.pastWhatWasPaid',
  'refund.twoStationsNoLines',
  // exchanges (换货)
  'exchange.approved',
  'exchange.refused',
  'exchange.needsManager',
  // risk
  'risk.weightVariance',
  'risk.weightWithinTolerance',
  'risk.noExpectedWeight',
  'risk.highValue',
  'risk.secondLook',
  'risk.frequentReturner',
  // at the parcel scan
  'notice.cancelled',
  'notice.receivedAll',
  'notice.receivedPart',
  'notice.receivedElsewhere',
  'notice.openedElsewhere',
  'notice.noDeliveryDate',
  'notice.late',
  'notice.afterDeadline',
  'notice.highValue',
  'notice.serials',
  'notice.giftsDue',
  'notice.comment',
  // work handed to HQ
  'task.carrierClaim',
  'task.recycling',
  // photos a policy requires
  'photo.itemDamage',
  'photo.boxDamage',
  'photo.serialMismatch',
  // the packing bench
  'bench.containerClosed',
  'bench.alreadyHere',
  'bench.rejected',
  'bench.held',
  'bench.quarantined',
  'bench.wrongRoute',
  'bench.vendorUnknown',
  'bench.wrongVendor',
] as const;

export type ReasonKey = (typeof REASON_KEYS)[number];
export type ReasonParams = Record<string, string | number | boolean>;
export interface Reason {
  key: ReasonKey;
  params?: ReasonParams;
}

export const reason = (key: ReasonKey, params?: ReasonParams): Reason => (params ? { key, params } : { key });
