import type { z } from 'zod';
import { describeZodError, type StationErrorData } from '../errors';

export type Result<T> = { ok: true; value: T } | { ok: false; error: StationErrorData };

/**
 * Runs a decision on validated input. Bad input (wrong shape, a gift pointing at no line, a float where
 * money belongs) comes back as a clear `invalid_input` message, never as a throw.
 */
export function decideWith<S extends z.ZodType, T>(schema: S, input: unknown, decide: (valid: z.output<S>) => T): Result<T> {
  const parsed = schema.safeParse(input);
  if (!parsed.success) return { ok: false, error: { code: 'invalid_input', message: describeZodError(parsed.error) } };
  try {
    return { ok: true, value: decide(parsed.data) };
  } catch (err) {
    // The decisions are total over valid input; this keeps the promise if one is not.
    return { ok: false, error: { code: 'decision_failed', message: (err as Error)?.message ?? String(err) } };
  }
}
