import { describe, expect, it } from 'vitest';
import en from './locales/en.json';
import zhCN from './locales/zh-CN.json';
import { systemLanguage } from './index';

function keys(obj: object, prefix = ''): string[] {
  return Object.entries(obj).flatMap(([k, v]) => (typeof v === 'object' && v !== null ? keys(v, `${prefix}${k}.`) : [`${prefix}${k}`]));
}
function values(obj: object): string[] {
  return Object.values(obj).flatMap((v) => (typeof v === 'object' && v !== null ? values(v) : [String(v)]));
}
const placeholders = (s: string) => [...s.matchAll(/\{\{(\w+)(?:,[^}]*)?\}\}/g)].map((m) => m[1]).sort();

describe('translations', () => {
  it('zh-CN and en have exactly the same keys', () => {
    expect(keys(zhCN).sort()).toEqual(keys(en).sort());
  });

  it('the English text has no Chinese in it (only the language switch names 中文)', () => {
    const flat = (o: object, prefix = ''): [string, string][] =>
      Object.entries(o).flatMap(([k, v]) =>
        typeof v === 'object' && v !== null ? flat(v, `${prefix}${k}.`) : [[`${prefix}${k}`, String(v)] as [string, string]],
      );
    expect(flat(en).filter(([key, value]) => key !== 'language.zh-CN' && /[\u3400-\u9fff\uff00-\uffef]/.test(value))).toEqual([]);
  });

  it('have no empty strings', () => {
    expect(values(en).filter((v) => !v.trim())).toEqual([]);
    expect(values(zhCN).filter((v) => !v.trim())).toEqual([]);
  });

  it('use the same placeholders in both languages', () => {
    const flat = (o: object) => Object.fromEntries(keys(o).map((k) => [k, k.split('.').reduce<unknown>((a, p) => (a as Record<string, unknown>)[p], o)]));
    const a = flat(en);
    const b = flat(zhCN);
    for (const key of Object.keys(a)) expect(placeholders(String(b[key])), key).toEqual(placeholders(String(a[key])));
  });

  it('the Chinese text is Chinese (no English left untranslated in the main labels)', () => {
    for (const section of ['nav', 'reconcile', 'vocab', 'reasons'] as const) {
      for (const key of keys(zhCN[section])) {
        const value = key.split('.').reduce<unknown>((a, p) => (a as Record<string, unknown>)[p], zhCN[section]);
        if (key === 'shortcut') continue;
        expect(value, `${section}.${key}`).toMatch(/[\u4e00-\u9fff]/);
      }
    }
  });

  it('picks Chinese for a Chinese system and English otherwise', () => {
    expect(systemLanguage(['zh-CN', 'en'])).toBe('zh-CN');
    expect(systemLanguage(['zh-TW'])).toBe('zh-CN');
    expect(systemLanguage(['de-DE', 'en-US'])).toBe('en');
    expect(systemLanguage([])).toBe('en');
  });
});
