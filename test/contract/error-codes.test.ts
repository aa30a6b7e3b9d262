import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import en from '../../renderer/i18n/locales/en.json';
import zhCN from '../../renderer/i18n/locales/zh-CN.json';
import { ERROR_CODES, errorAction, httpStatus, isErrorCode } from '../../shared/errors';

/** Every source file of the station, HQ and shared code (tests excluded). */
function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return name === 'node_modules' ? [] : sources(full);
    return /\.tsx?$/.test(name) && !/\.test\.tsx?$/.test(name) ? [full] : [];
  });
}

/** Codes written as literals where errors are made or answered: each must be in the one list (the types check most; this catches strings). */
function codesInTheCode(): string[] {
  const codes = new Set<string>();
  for (const file of ['electron', 'shared', 'renderer', 'hq/src'].flatMap((d) => sources(d))) {
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(/(?:StationError|HqError|RecordRefused)\('([a-z_]+)'/g)) codes.add(m[1]!);
    // (zod's own issue code `custom` is not an error code of ours)
    for (const m of text.matchAll(/\bcode: '([a-z_]+)'/g)) if (m[1] !== 'custom') codes.add(m[1]!);
  }
  return [...codes].sort();
}

describe('error codes', () => {
  const listed = Object.keys(ERROR_CODES);
  it('are one list, and every code the code uses is in it', () => {
    const used = codesInTheCode();
    expect(used.length).toBeGreaterThan(60);
    expect(used.filter((c) => !isErrorCode(c))).toEqual([]);
  });

  it('each says what a caller does, and each HQ answers with has one HTTP status', () => {
    for (const code of listed) expect(['retry', 'back_off', 'outcome_unknown', 'ask_person', 'fix_input']).toContain(errorAction(code));
    expect(httpStatus('not_your_record')).toBe(500); // a record refusal is not an HTTP answer
    expect([httpStatus('sequence_gap'), httpStatus('unauthorized'), httpStatus('rate_limited'), httpStatus('body_too_large')]).toEqual([409, 401, 429, 413]);
    expect(errorAction('a_code_from_a_newer_peer')).toBe('ask_person');
  });

  for (const [lang, locale] of [
    ['en', en],
    ['zh-CN', zhCN],
  ] as const) {
    it(`every code in the list has words in ${lang}`, () => {
      const errors = locale.errors as Record<string, string>;
      expect(listed.filter((c) => !errors[c])).toEqual([]);
    });
  }
});
