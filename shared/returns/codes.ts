/** The vocabularies of the returns domain (domain.md), in one place. */
export const GRADES = ['A', 'B', 'C', 'D'] as const;
export type Grade = (typeof GRADES)[number];
/** Worse grade first when compared: D > C > B > A. */
export const gradeRank = (g: Grade) => GRADES.indexOf(g);
export const worseGrade = (a: Grade, b: Grade): Grade => (gradeRank(a) >= gradeRank(b) ? a : b);

/** After Amazon FBA's disposition codes. */
export const DISPOSITION_CODES = ['SELLABLE', 'DAMAGED', 'CUSTOMER_DAMAGED', 'DEFECTIVE', 'CARRIER_DAMAGED', 'EXPIRED'] as const;
export type DispositionCode = (typeof DISPOSITION_CODES)[number];

/** After Optoro's routing channels. */
/** `quarantine`: held aside until a manager decides (an item not on the return, an over-receipt). */
export const CHANNELS = ['restock', 'refurbish', 'return_to_vendor', 'liquidate', 'donate', 'recycle', 'destroy', 'quarantine'] as const;
export type Channel = (typeof CHANNELS)[number];

export const FAULT_PARTIES = ['customer', 'seller', 'carrier'] as const;
export type FaultParty = (typeof FAULT_PARTIES)[number];

/** After Solidus' ReturnItem reception states. */
export const LINE_RECEPTION_STATES = ['awaiting', 'received', 'short_shipped', 'shipped_wrong_item', 'lost_in_transit', 'expired', 'cancelled'] as const;
export type LineReceptionState = (typeof LINE_RECEPTION_STATES)[number];

export const ACCEPTANCE_STATES = ['pending', 'accepted', 'rejected', 'manual_intervention_required'] as const;
export type AcceptanceState = (typeof ACCEPTANCE_STATES)[number];

export const EXCEPTION_KINDS = [
  'unmatched_parcel',
  'wrong_item',
  'unexpected_item',
  'qty_short',
  'qty_over',
  'weight_variance',
  'serial_mismatch',
  'late',
  'ineligible',
  /** Customised, hygiene, perishable or digital goods: no return without a fault (its own kind, not "late"). */
  'category_excluded',
  'damaged_in_transit',
  'gift_missing',
  'gift_extra',
  'empty_parcel',
  'policy_unknown',
  /** Raised at HQ: a return refunded past what it is due across the warehouse's stations. */
  'refund_conflict',
] as const;
export type ExceptionKind = (typeof EXCEPTION_KINDS)[number];
