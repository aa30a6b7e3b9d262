import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import en from '../../renderer/i18n/locales/en.json';
import zhCN from '../../renderer/i18n/locales/zh-CN.json';

/** Every source file of the station, HQ and shared code (tests excluded). */
function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return name === 'node_modules' ? [] : sources(full);
    return /\.tsx?$/.test(name) && !/\.test\.tsx?$/.test(name) ? [full] : [];
  });
}

/** Codes a failure can reach a person with: every StationError thrown, and the transports' own. */
function errorCodes(): string[] {
  const codes = new Set(['transport_closed', 'transport_timeout', 'invalid_input', 'unknown_channel', 'bad_request']);
  for (const file of ['electron', 'shared', 'renderer'].flatMap((d) => sources(d))) {
    for (const m of readFileSync(file, 'utf8').matchAll(/StationError\('([a-z_]+)'/g)) codes.add(m[1]!);
  }
  return [...codes].sort();
}

describe('error codes', () => {
  const codes = errorCodes();
  it('are found in the code (the enumeration itself works)', () => {
    expect(codes.length).toBeGreaterThan(30);
    expect(codes).toContain('printer_unreachable');
  });

  for (const [lang, locale] of [['en', en], ['zh-CN', zhCN]] as const) {
    it(`every code a clerk can meet has a headline in ${lang}`, () => {
      const errors = locale.errors as Record<string, string>;
      expect(codes.filter((c) => !errors[c])).toEqual([]);
    });
  }
});
