import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * HQ builds SQL only with parameters: a value from a request never becomes SQL text. Every `${…}` inside a
 * SQL template is one of these, each code-owned (never from a request), and no SQL is glued with `+`.
 */
const ALLOWED_INTERPOLATIONS: Record<string, string> = {
  IN_SCOPE: 'reports/readers.ts: a constant filter that itself takes $1',
  "inScope('o.warehouse_id')": 'reports/readers.ts: the same filter on a column the code names (its type allows only those)',
  "inScope('rr.warehouse_id')": 'reports/readers.ts: the same filter on a column the code names (its type allows only those)',
  RETURN_IN_SCOPE: "reports/find.ts: inScope('warehouse_id'), the same constant filter",
  condition: 'reports/find.ts expected(): which key an expected return is searched by — every caller passes a string literal (checked below)',
  CONTAINER_IN_SCOPE: "reports/bench.ts: inScope('c.warehouse_id'), the same constant filter on the containers table",
  column: 'reports/readers.ts inScope (one of three column names, by its type); migrate.ts: partition columns from the PARTITIONED constant',
  CSV_PAGE: 'reports/returns-csv.ts: the page size, a numeric constant',
  UNIT_COLUMNS: 'reports/returns-csv.ts: a constant column list',
  PAGE_COLUMNS: 'reports/returns-csv.ts: the same constant column list, prefixed with its table alias',
  SHARE_COLUMNS: "reports/returns-csv.ts: the same constant column list, the payload's quantity only",
  PARCEL_COLUMNS: 'reports/returns-csv.ts: a constant column list of parcels `p`',
  UNIT_IN_SCOPE: "reports/returns-csv.ts: inScope('u.warehouse_id'), the same constant filter on the units table",
  set: 'push/records: updateParcel and the unit decisions — every caller passes a string literal (checked below)',
  warehouse: "push/receipts.ts ADD_RECEIPTS: a placeholder ('$1') its two callers pass as literals",
  entries: "push/receipts.ts ADD_RECEIPTS: a placeholder ('$2::jsonb', \"$4::jsonb->'receipts'\") its two callers pass as literals",
  "ADD_RECEIPTS('$1', \"$4::jsonb->'receipts'\")": 'push/write-segment.ts: the receipts statement with literal placeholders',
  'log.payload': 'push/write-segment.ts: where a part reads a payload from the record log (LOG_KEPT_BEFORE, logKeptHere: constant text)',
  at: "push/write-segment.ts logKeptHere: a record's place in the log document, constant text",
  records: "push/record-log.ts keepRecordsSql: the document's records, a placeholder ('$4', '$6') its callers pass as literals",
  ...Object.fromEntries(
    ['seq', 'head', 'hash', 'whole', 'version', 'waiting', 'sentAt'].map((p) => [
      p,
      'push/station-row.ts: a placeholder ($n) numbered from the first its two callers give (3 or 7)',
    ]),
  ),
  table: 'migrate.ts: partitioned table names from the PARTITIONED constant',
  name: 'migrate.ts: a partition name made of the table name and a year/month',
  'from.toISOString()': 'migrate.ts: partition bounds (DDL takes no parameters), computed from the clock',
  'to.toISOString()': 'migrate.ts: partition bounds (DDL takes no parameters), computed from the clock',
};

const SQL_START = /^\s*(select|insert|update|delete|with|create|alter|drop|truncate|copy|lock)\b/i;

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sources(path.join(dir, e.name)) : e.name.endsWith('.ts') && !e.name.endsWith('.test.ts') ? [path.join(dir, e.name)] : [],
  );
}

describe('HQ SQL is built with parameters only', () => {
  const files = sources('hq/src').map((f) => ({ file: f, text: readFileSync(f, 'utf8') }));

  it('every interpolation in a SQL template literal is a code-owned identifier from the allow-list', () => {
    const found: string[] = [];
    for (const { file, text } of files) {
      for (const m of text.matchAll(/`([^`]*)`/g)) {
        const body = m[1]!;
        if (!SQL_START.test(body)) continue;
        for (const i of body.matchAll(/\$\{([^}]*)\}/g))
          if (!(i[1]! in ALLOWED_INTERPOLATIONS)) found.push(`${file}: \${${i[1]}} in \`${body.slice(0, 80)}…\``);
      }
    }
    expect(found).toEqual([]);
  });

  it('no SQL text is concatenated with + (a value could slip in)', () => {
    const glued: string[] = [];
    for (const { file, text } of files) {
      for (const m of text.matchAll(/(['"`])((?:select|insert|update|delete|where|and|or|values)\b[^'"`]*)\1\s*\+/gi))
        glued.push(`${file}: ${m[2]!.slice(0, 60)}`);
      for (const m of text.matchAll(/\+\s*(['"`])\s*(where|and|or|values|set|from|order by|limit)\b/gi)) glued.push(`${file}: + ${m[2]}`);
    }
    expect(glued).toEqual([]);
  });

  it('the SET text of parcel changes and unit decisions is only ever written in the code', () => {
    const records = files
      .filter((f) => f.file.includes('push/records/'))
      .map((f) => f.text)
      .join('\n');
    const calls = [...records.matchAll(/(?:\bupdateParcel\(\s*ctx,\s*[^,]+,\s*|\bsetting\(\s*|\bdeciding\(\s*)('[^']*'|"[^"]*"|[^,]+),/g)].map((m) =>
      m[1]!.trim(),
    );
    expect(calls.length).toBeGreaterThan(8);
    // `set` is `setting`'s own parameter passed on to updateParcel: its callers are the ones checked here.
    for (const arg of calls.filter((a) => a !== 'set')) expect(arg).toMatch(/^(['"]).*\1$/);
    expect(calls.filter((a) => a === 'set')).toHaveLength(1);
  });

  it('the search’s conditions are only ever written in the code', () => {
    const find = files.find((f) => f.file.endsWith(path.join('reports', 'find.ts')))!.text;
    const calls = [...find.matchAll(/\bexpected\(\s*('[^']*'|"[^"]*"|[^)]+)\)/g)].map((m) => m[1]!.trim());
    expect(calls.length).toBeGreaterThan(4);
    for (const arg of calls.filter((a) => a !== 'condition: string')) expect(arg).toMatch(/^(['"]).*\1$/);
  });

  it('the grep itself catches string-built SQL', () => {
    const bad = "const q = `select * from units where lpn = '${req.lpn}'`;";
    const body = /`([^`]*)`/.exec(bad)![1]!;
    const interpolations = [...body.matchAll(/\$\{([^}]*)\}/g)].map((i) => i[1]);
    expect(SQL_START.test(body) && interpolations.some((i) => !(i! in ALLOWED_INTERPOLATIONS))).toBe(true);
  });
});
