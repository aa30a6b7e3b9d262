import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * HQ builds SQL only with parameters: a value from a request never becomes SQL text. Every `${…}` inside a
 * SQL template is one of these, each code-owned (never from a request), and no SQL is glued with `+`.
 */
const ALLOWED_INTERPOLATIONS: Record<string, string> = {
  IN_SCOPE: 'reports.ts: a constant filter that itself takes $1',
  CSV_PAGE: 'reports.ts: the page size, a numeric constant',
  set: 'apply.ts: updateParcel — every caller passes a string literal (checked below)',
  table: 'migrate.ts: partitioned table names from the PARTITIONED constant',
  column: 'migrate.ts: partition columns from the PARTITIONED constant',
  name: 'migrate.ts: a partition name made of the table name and a year/month',
  'from.toISOString()': 'migrate.ts: partition bounds (DDL takes no parameters), computed from the clock',
  'to.toISOString()': 'migrate.ts: partition bounds (DDL takes no parameters), computed from the clock',
};

const SQL_START = /^\s*(select|insert|update|delete|with|create|alter|drop|truncate|copy|lock)\b/i;

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? sources(path.join(dir, e.name)) : e.name.endsWith('.ts') && !e.name.endsWith('.test.ts') ? [path.join(dir, e.name)] : []));
}

describe('HQ SQL is built with parameters only', () => {
  const files = sources('hq/src').map((f) => ({ file: f, text: readFileSync(f, 'utf8') }));

  it('every interpolation in a SQL template literal is a code-owned identifier from the allow-list', () => {
    const found: string[] = [];
    for (const { file, text } of files) {
      for (const m of text.matchAll(/`([^`]*)`/g)) {
        const body = m[1]!;
        if (!SQL_START.test(body)) continue;
        for (const i of body.matchAll(/\$\{([^}]*)\}/g)) if (!(i[1]! in ALLOWED_INTERPOLATIONS)) found.push(`${file}: \${${i[1]}} in \`${body.slice(0, 80)}…\``);
      }
    }
    expect(found).toEqual([]);
  });

  it('no SQL text is concatenated with + (a value could slip in)', () => {
    const glued: string[] = [];
    for (const { file, text } of files) {
      for (const m of text.matchAll(/(['"`])((?:select|insert|update|delete|where|and|or|values)\b[^'"`]*)\1\s*\+/gi)) glued.push(`${file}: ${m[2]!.slice(0, 60)}`);
      for (const m of text.matchAll(/\+\s*(['"`])\s*(where|and|or|values|set|from|order by|limit)\b/gi)) glued.push(`${file}: + ${m[2]}`);
    }
    expect(glued).toEqual([]);
  });

  it('updateParcel is only ever given SET text written in the code', () => {
    const apply = files.find((f) => f.file.endsWith('apply.ts'))!.text;
    const calls = [...apply.matchAll(/updateParcel\(c, s, [^,]+, ('[^']*'|"[^"]*"|[^,]+),/g)].map((m) => m[1]!.trim());
    expect(calls.length).toBeGreaterThan(5);
    for (const arg of calls) expect(arg).toMatch(/^(['"]).*\1$/);
  });

  it('the grep itself catches string-built SQL', () => {
    const bad = 'const q = `select * from units where lpn = \'${req.lpn}\'`;';
    const body = /`([^`]*)`/.exec(bad)![1]!;
    const interpolations = [...body.matchAll(/\$\{([^}]*)\}/g)].map((i) => i[1]);
    expect(SQL_START.test(body) && interpolations.some((i) => !(i! in ALLOWED_INTERPOLATIONS))).toBe(true);
  });
});
