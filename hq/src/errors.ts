import { httpStatus, type ErrorCode } from '../../shared/errors';

/**
 * A request HQ refuses as a whole: its code (from the one list station and HQ share), the HTTP status that
 * code answers with, a message for a person, and anything the caller acts on (e.g. `ackSeq`).
 */
export class HqError extends Error {
  readonly status: number;
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly extra: Record<string, unknown> = {},
  ) {
    super(message);
    this.status = httpStatus(code);
  }
}

/** One pushed record HQ keeps as refused while the push goes on (the station's manager sees why). */
export class RecordRefused extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
  }
}
