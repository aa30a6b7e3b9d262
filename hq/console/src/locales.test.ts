import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import en from './locales/en.json';
import zhCN from './locales/zh-CN.json';

const flat = (o: object, prefix = ''): Record<string, string> =>
  Object.assign({}, ...Object.entries(o).map(([k, v]) => (typeof v === 'object' && v !== null ? flat(v, `${prefix}${k}.`) : { [`${prefix}${k}`]: String(v) })));
const placeholders = (s: string) => [...s.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]).sort();
const base = (key: string) => key.replace(/_(one|other)$/, '');

describe('the console’s words', () => {
  const e = flat(en);
  const z = flat(zhCN);

  it('zh-CN and en have the same keys, with the same placeholders', () => {
    expect(new Set(Object.keys(z).map(base))).toEqual(new Set(Object.keys(e).map(base)));
    for (const key of Object.keys(e)) {
      const zh = z[key] ?? z[`${base(key)}_other`];
      expect(zh, key).toBeDefined();
      expect(placeholders(zh!), key).toEqual(placeholders(e[key]!));
    }
  });

  it('every key the console names in its code exists in both languages', () => {
    const dir = path.dirname(new URL(import.meta.url).pathname);
    const files = readdirSync(dir, { recursive: true }).filter((f) => /\.tsx?$/.test(String(f)) && !String(f).endsWith('.test.ts'));
    const used = files.flatMap((f) => [...readFileSync(path.join(dir, String(f)), 'utf8').matchAll(/\bt\(\s*'([a-zA-Z_.]+)'/g)].map((m) => m[1]!));
    expect(used.length).toBeGreaterThan(100);
    const known = (dict: Record<string, string>, key: string) => key in dict || `${key}_other` in dict;
    expect(used.filter((k) => !known(e, k))).toEqual([]);
    expect(used.filter((k) => !known(z, k))).toEqual([]);
  });
});
