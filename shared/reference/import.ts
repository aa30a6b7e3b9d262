/**
 * Reference data from files, before (or besides) HQ sync: expected returns, catalog, policies, as CSV or
 * JSON. Every bad row is reported with its line number and reason; a file with any problem applies
 * nothing. Pure, so the station and HQ read these files the same way.
 */
import Papa from 'papaparse';
import { z } from 'zod';
import { PolicySchema, type Policy } from '../returns/policy/schema';
import { CatalogItemSchema, type CatalogItem } from '../returns/records/catalog';
import { ExpectedReturnSchema, type ExpectedReturn } from '../returns/records/expected-return';
import { StationUserSchema, type StationUser } from '../returns/records/user';
import { expectedReturnsFromRows, numberProblems, RETURN_COLUMNS } from './return-rows';

export interface ImportProblem {
  /** 1-based line in the file (CSV: the header is line 1); 0 for the file as a whole. */
  line: number;
  message: string;
}

export type ReferenceImport =
  | { ok: true; expectedReturns: ExpectedReturn[]; catalog: CatalogItem[]; policies: Policy[]; users: StationUser[] }
  | { ok: false; problems: ImportProblem[] };

const CATALOG_COLUMNS = [
  'gtin',
  'sku',
  'name',
  'altName',
  'category',
  'priceMinor',
  'currency',
  'unitWeightGrams',
  'unitWeightSigmaGrams',
  'vendor',
  'size',
] as const;
const issueText = (e: z.ZodError) => e.issues.map((i) => (i.path.length ? `${i.path.join('.')}: ${i.message}` : i.message)).join('; ');

/** Reads one file; its kind comes from its extension (.csv / .json) and, for CSV, from its header row. */
export function parseReferenceFile(name: string, text: string): ReferenceImport {
  const lower = name.toLowerCase();
  if (lower.endsWith('.json')) return parseJson(text);
  if (lower.endsWith('.csv')) return parseCsv(text);
  return { ok: false, problems: [{ line: 0, message: `${name}: only .csv and .json files can be imported` }] };
}

function parseJson(text: string): ReferenceImport {
  let doc: unknown;
  try {
    doc = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (err) {
    return { ok: false, problems: [{ line: 0, message: `not valid JSON: ${(err as Error).message}` }] };
  }
  const shape = z
    .object({
      expectedReturns: z.array(z.unknown()).optional(),
      catalog: z.array(z.unknown()).optional(),
      policies: z.array(z.unknown()).optional(),
      users: z.array(z.unknown()).optional(),
    })
    .strict()
    .safeParse(doc);
  if (!shape.success)
    return { ok: false, problems: [{ line: 0, message: `expected { expectedReturns?, catalog?, policies?, users? }: ${issueText(shape.error)}` }] };
  const problems: ImportProblem[] = [];
  // JSON has no line per record: the problem names the record by its position in its list.
  const each = <T>(list: unknown[] | undefined, schema: z.ZodType<T>, what: string): T[] =>
    (list ?? []).flatMap((item, i) => {
      const r = schema.safeParse(item);
      if (r.success) return [r.data];
      problems.push({ line: 0, message: `${what} #${i + 1}: ${issueText(r.error)}` });
      return [];
    });
  const expectedReturns = each(shape.data.expectedReturns, ExpectedReturnSchema, 'expectedReturns');
  const catalog = each(shape.data.catalog, CatalogItemSchema, 'catalog');
  const policies = each(shape.data.policies, PolicySchema, 'policies');
  const users = each(shape.data.users, StationUserSchema, 'users');
  problems.push(
    ...duplicates(
      expectedReturns.map((r) => r.rmaNo),
      'RMA',
    ),
    ...duplicates(
      catalog.map((c) => c.gtin),
      'GTIN',
    ),
    ...duplicates(
      users.map((u) => u.id),
      'user',
    ),
  );
  return problems.length ? { ok: false, problems } : { ok: true, expectedReturns, catalog, policies, users };
}

function parseCsv(text: string): ReferenceImport {
  const parsed = Papa.parse<Record<string, string>>(text.replace(/^\uFEFF/, ''), { header: true, skipEmptyLines: 'greedy', transformHeader: (h) => h.trim() });
  const problems: ImportProblem[] = parsed.errors.map((e) => ({ line: (e.row ?? 0) + 2, message: e.message }));
  // A column named twice: papaparse renames the second (sku_1) and its values would be silently dropped.
  const renamed = (parsed.meta as { renamedHeaders?: Record<string, string> | null }).renamedHeaders;
  if (renamed)
    return { ok: false, problems: [...new Set(Object.values(renamed))].map((c) => ({ line: 1, message: `the column ${c} appears more than once` })) };
  const header = parsed.meta.fields ?? [];
  const rows = parsed.data.map((row, i) => ({ line: i + 2, row }));
  if (header.includes('rmaNo')) {
    const missing = RETURN_COLUMNS.required.filter((c) => !header.includes(c));
    if (missing.length) return { ok: false, problems: [{ line: 1, message: `missing columns: ${missing.join(', ')}` }] };
    const result = expectedReturnsFromRows(rows);
    problems.push(...result.problems);
    return problems.length ? { ok: false, problems } : { ok: true, expectedReturns: result.returns, catalog: [], policies: [], users: [] };
  }
  if (header.includes('gtin') && header.includes('sku')) {
    const catalog: CatalogItem[] = [];
    for (const { line, row } of rows) {
      const notNumbers = numberProblems(row, ['priceMinor', 'unitWeightGrams', 'unitWeightSigmaGrams']);
      if (notNumbers.length) {
        problems.push({ line, message: notNumbers.join('; ') });
        continue;
      }
      const candidate = Object.fromEntries(
        CATALOG_COLUMNS.filter((c) => row[c] !== undefined && row[c]!.trim() !== '').map((c) => [
          c,
          ['priceMinor', 'unitWeightGrams', 'unitWeightSigmaGrams'].includes(c)
            ? Number(row[c])
            : c === 'gtin'
              ? row[c]!.trim().padStart(14, '0')
              : row[c]!.trim(),
        ]),
      );
      const r = CatalogItemSchema.safeParse(candidate);
      if (r.success) catalog.push(r.data);
      else problems.push({ line, message: issueText(r.error) });
    }
    problems.push(
      ...duplicates(
        catalog.map((c) => c.gtin),
        'GTIN',
      ),
    );
    return problems.length ? { ok: false, problems } : { ok: true, expectedReturns: [], catalog, policies: [], users: [] };
  }
  return { ok: false, problems: [{ line: 1, message: 'the header is neither an expected-returns file (rmaNo, …) nor a catalog file (gtin, sku, …)' }] };
}

function duplicates(keys: string[], what: string): ImportProblem[] {
  const seen = new Set<string>();
  const twice = new Set<string>();
  for (const k of keys) (seen.has(k) ? twice : seen).add(k);
  return [...twice].map((k) => ({ line: 0, message: `${what} ${k} appears more than once` }));
}
