import { z } from 'zod';
import { type Grade, worseGrade } from '../codes';
import { ChecklistSchema, type CheckDef } from '../policy/schema';
import { type Reason, reason } from '../reasons';
import { CheckAnswerSchema } from '../records/outcomes';
import { decideWith } from '../result';

export const GradeInputSchema = z
  .object({
    checklist: ChecklistSchema,
    answers: z.record(z.string(), CheckAnswerSchema),
  })
  .superRefine(({ checklist, answers }, ctx) => {
    for (const id of Object.keys(answers)) {
      if (!checklist.some((c) => c.id === id)) ctx.addIssue({ code: 'custom', path: ['answers', id], message: `no check "${id}" in this checklist` });
    }
  });

export type GradeOutcome =
  | { status: 'incomplete'; missing: string[]; reasons: Reason[] }
  | { status: 'graded'; grade: Grade; failed: CheckDef[]; reasons: Reason[] };

/**
 * Checklist answers → grade. A (as new) unless a check failed; each failed check caps the grade at its
 * `failGrade` and the worst cap wins: B opened, C used or packaging damaged, D damaged, incomplete or not
 * resellable. `na` (does not apply to this item) fails nothing. Every check must be answered first.
 */
export function gradeUnit(input: z.input<typeof GradeInputSchema>) {
  return decideWith(GradeInputSchema, input, ({ checklist, answers }): GradeOutcome => {
    const missing = checklist.filter((c) => answers[c.id] === undefined).map((c) => c.id);
    if (missing.length) return { status: 'incomplete', missing, reasons: [reason('grade.missingAnswers', { checks: missing.join(', ') })] };
    const failed = checklist.filter((c) => answers[c.id] === 'no');
    const grade = failed.reduce<Grade>((g, c) => worseGrade(g, c.failGrade), 'A');
    const reasons = failed.length ? failed.map((c) => reason('grade.failedCheck', { check: c.id, grade: c.failGrade })) : [reason('grade.asNew')];
    return { status: 'graded', grade, failed, reasons };
  });
}
