/**
 * Every error code a program on the station or at HQ can meet, in one list: what the caller should do about
 * it, and — for the codes HQ answers with — the HTTP status it answers them with. A code outside this list
 * does not compile (`StationError`, `HqError`, `RecordRefused` take an `ErrorCode`), and every code has words
 * in each UI language (checked by test/contract/error-codes.test.ts).
 *
 * - `retry`: try the same again now; nothing is lost or done twice by trying.
 * - `back_off`: something is down or busy: try again later, waiting longer each time.
 * - `outcome_unknown`: the call may have run. Repeat it only if repeating is harmless (a push, a read);
 *   for anything with an effect outside the station (a label) a person checks what happened.
 * - `ask_person`: nothing changes by itself: a person must act (enrol, decide, fix a device).
 * - `fix_input`: what was asked cannot be done as asked; the person (or program) asks differently.
 */
export type ErrorAction = 'retry' | 'back_off' | 'outcome_unknown' | 'ask_person' | 'fix_input';

interface CodeSpec {
  action: ErrorAction;
  /** The HTTP status HQ answers this code with (codes HQ never answers have none). */
  status?: number;
}

const station = (action: ErrorAction): CodeSpec => ({ action });
const hq = (status: number, action: ErrorAction): CodeSpec => ({ action, status });
/** A record HQ keeps as refused (the push goes on): the station's manager looks at it. */
const refusedRecord: CodeSpec = { action: 'ask_person' };

export const ERROR_CODES = {
  // The station's own transports (page ⇄ station service).
  transport_closed: station('outcome_unknown'),
  transport_timeout: station('outcome_unknown'),
  transport_failed: station('outcome_unknown'),
  bad_response: station('back_off'),
  invalid_input: station('fix_input'),
  unknown_channel: station('fix_input'),
  bad_request: station('fix_input'),
  forbidden_sender: station('ask_person'),
  internal: hq(500, 'back_off'),

  // Settings, devices, printers, files.
  invalid_settings: station('fix_input'),
  settings_corrupt: station('ask_person'),
  settings_unreadable: station('ask_person'),
  settings_write_failed: station('ask_person'),
  settings_read_only: station('ask_person'),
  scale_not_stable: station('retry'),
  scale_unavailable: station('ask_person'),
  scale_command_unsupported: station('fix_input'),
  device_test_failed: station('ask_person'),
  device_busy: station('back_off'),
  device_open_failed: station('ask_person'),
  device_unknown: station('fix_input'),
  device_wrong_role: station('fix_input'),
  port_in_use: station('ask_person'),
  printer_unreachable: station('back_off'),
  printer_reset: station('outcome_unknown'),
  printer_timeout: station('outcome_unknown'),
  print_interrupted: station('outcome_unknown'),
  print_unconfirmed: station('outcome_unknown'),
  printer_unknown: station('fix_input'),
  printer_file_failed: station('back_off'),
  printer_path_refused: station('fix_input'),
  invalid_label: station('fix_input'),
  renderer_missing: station('ask_person'),
  pdf_unavailable: station('fix_input'),

  // Receiving and the ledger.
  decision_failed: station('ask_person'),
  refund_failed: station('ask_person'),
  policy_unknown: station('ask_person'),
  parcel_empty: station('fix_input'),
  parcel_not_open: station('fix_input'),
  parcel_already_open: station('fix_input'),
  parcel_has_units: station('fix_input'),
  parcel_not_complete: station('fix_input'),
  parcel_unknown: station('fix_input'),
  already_accepted: station('fix_input'),
  already_weighed: station('fix_input'),
  finish_inspection: station('fix_input'),
  inspection_incomplete: station('fix_input'),
  photos_required: station('fix_input'),
  second_look_required: station('ask_person'),
  // The packing bench.
  container_unknown: station('fix_input'),
  container_refused: station('fix_input'),
  container_closed: station('fix_input'),
  container_empty: station('fix_input'),
  vendor_required: station('fix_input'),
  not_for_restock: station('fix_input'),
  second_look_same_person: station('fix_input'),
  // The webcam: none, not allowed, held by another program, or it gave no picture.
  camera_missing: station('ask_person'),
  camera_denied: station('ask_person'),
  camera_busy: station('ask_person'),
  camera_failed: station('ask_person'),
  reopen_too_late: station('fix_input'),
  correction_too_late: station('fix_input'),
  item_gone: station('fix_input'),
  exception_not_open: station('fix_input'),
  return_already_in_parcel: station('fix_input'),
  invalid_weight: station('fix_input'),
  unit_unknown: station('fix_input'),
  unit_not_held: station('fix_input'),
  reason_required: station('fix_input'),
  action_time_wrong: station('ask_person'),
  manager_required: station('ask_person'),
  pin_locked: station('retry'),
  pin_wrong: station('fix_input'),
  warehouse_not_set: station('ask_person'),
  day_closed: station('ask_person'),
  day_already_closed: station('fix_input'),
  day_not_started: station('fix_input'),
  day_not_ready: station('ask_person'),
  day_not_closed: station('fix_input'),
  backup_invalid: station('fix_input'),
  unsent_records: station('ask_person'),
  store_replaced: station('ask_person'),

  // The station's link to HQ.
  hq_unreachable: station('back_off'),
  hq_unavailable: station('back_off'),
  hq_refused: station('ask_person'),
  hq_not_enrolled: station('ask_person'),
  hq_not_configured: station('ask_person'),
  hq_incompatible: station('ask_person'),
  photo_damaged: station('retry'),
  photo_too_large: station('ask_person'),

  // What HQ answers a request with.
  invalid_request: hq(400, 'fix_input'),
  invalid_json: hq(400, 'fix_input'),
  too_deep: hq(400, 'fix_input'),
  invalid_checkpoint: hq(400, 'fix_input'),
  invalid_hash: hq(400, 'fix_input'),
  hash_mismatch: hq(400, 'retry'),
  unauthorized: hq(401, 'ask_person'),
  // The console: a session that ended (sign in again), a change without the session's CSRF token, an account locked after guessing.
  signed_out: hq(401, 'ask_person'),
  csrf_failed: hq(403, 'fix_input'),
  account_locked: hq(429, 'back_off'),
  enrolment_refused: hq(403, 'ask_person'),
  forbidden: hq(403, 'ask_person'),
  photo_not_named: hq(403, 'retry'),
  not_found: hq(404, 'fix_input'),
  station_taken: hq(409, 'ask_person'),
  reenrol_required: hq(409, 'ask_person'),
  // A batch sent ahead of one still on the way finds a gap and is simply sent again (push-backlog.ts); a gap on the
  // first batch means the station and HQ disagree on what was sent: a person looks.
  sequence_gap: hq(409, 'ask_person'),
  audit_chain_broken: hq(409, 'ask_person'),
  audit_events_required: hq(409, 'ask_person'),
  conflict: hq(409, 'fix_input'),
  body_too_large: hq(413, 'fix_input'),
  unsupported_media_type: hq(415, 'fix_input'),
  too_many_failures: hq(429, 'back_off'),
  rate_limited: hq(429, 'back_off'),
  unavailable: hq(503, 'back_off'),

  // Records HQ keeps as refused while the push goes on.
  unknown_type: refusedRecord,
  unsupported_version: refusedRecord,
  invalid_record: refusedRecord,
  unstorable_text: refusedRecord,
  unknown_parcel: refusedRecord,
  unknown_unit: refusedRecord,
  unknown_container: refusedRecord,
  unknown_day: refusedRecord,
  not_your_record: refusedRecord,
  return_not_received: refusedRecord,
  apply_failed: refusedRecord,
} as const satisfies Record<string, CodeSpec>;

export type ErrorCode = keyof typeof ERROR_CODES;

export const isErrorCode = (code: string): code is ErrorCode => Object.hasOwn(ERROR_CODES, code);

/** What a caller does about a code; an unknown code (a newer peer's) is for a person. */
export function errorAction(code: string): ErrorAction {
  return isErrorCode(code) ? ERROR_CODES[code].action : 'ask_person';
}

/** Waiting (or trying again at once) can help: nothing for a person to do yet. */
export const triesAgainByItself = (code: string, repeatable: boolean) => {
  const action = errorAction(code);
  return action === 'retry' || action === 'back_off' || (action === 'outcome_unknown' && repeatable);
};

/** The HTTP status HQ answers a code with (500 for a code HQ never answers on its own). */
export function httpStatus(code: ErrorCode): number {
  const spec: CodeSpec = ERROR_CODES[code];
  return spec.status ?? 500;
}
