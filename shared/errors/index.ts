import { z } from 'zod';
import type { ErrorCode } from './codes';

export * from './codes';

/**
 * Errors cross the IPC boundary as plain data: Electron keeps only an Error's message when a handler throws,
 * and JSON drops class identity, so every failure travels as `{ code, message }` and is re-thrown on the
 * other side as a StationError. `code` is for programs (and i18n), `message` is for a person.
 */
export const StationErrorDataSchema = z.object({
  code: z.string().min(1),
  message: z.string(),
  details: z.unknown().optional(),
});
export type StationErrorData = z.infer<typeof StationErrorDataSchema>;

export class StationError extends Error {
  readonly code: ErrorCode;
  readonly details: unknown;

  constructor(code: ErrorCode, message: string, details?: unknown) {
    super(message);
    this.name = 'StationError';
    this.code = code;
    this.details = details;
  }

  toData(): StationErrorData {
    return this.details === undefined ? { code: this.code, message: this.message } : { code: this.code, message: this.message, details: this.details };
  }

  /** From the wire: a code this side does not list (a newer peer's) is kept as it came, for the log and a person. */
  static fromData(data: StationErrorData): StationError {
    return new StationError(data.code as ErrorCode, data.message, data.details);
  }
}

/** Turns anything thrown into error data without losing its message. */
export function toErrorData(err: unknown): StationErrorData {
  if (err instanceof StationError) return err.toData();
  if (err instanceof Error) return { code: 'internal', message: err.message || err.name };
  return { code: 'internal', message: String(err) };
}

/** A zod failure as one readable paragraph, e.g. `station.id: Invalid string: must match pattern …`. */
export function describeZodError(error: z.ZodError): string {
  return error.issues.map((issue) => (issue.path.length ? `${issue.path.join('.')}: ${issue.message}` : issue.message)).join('; ');
}
