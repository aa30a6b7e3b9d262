import { describe, expect, it } from 'vitest';
import { jsonDeeperThan } from './json-body';

/** The plain reading: every character, a string's escapes stepped over one by one. */
function depthOf(text: string): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === '{' || c === '[') deepest = Math.max(deepest, ++depth);
    else if (c === '}' || c === ']') depth--;
  }
  return deepest;
}

/** Random JSON whose strings are full of what trips a scanner: brackets, quotes, runs of backslashes. */
function randomJson(seed: number): unknown {
  let s = seed;
  const next = () => ((s = (s * 1103515245 + 12345) % 2 ** 31), s / 2 ** 31);
  const str = () =>
    Array.from({ length: Math.floor(next() * 8) }, () => ['[', '{', '"', '\\', '\\\\', 'a', ']', '}', '\\"', '上'][Math.floor(next() * 10)]).join('');
  const value = (depth: number): unknown => {
    const k = next();
    if (depth > 12 || k < 0.3) return str();
    if (k < 0.4) return Math.floor(next() * 1000);
    if (k < 0.7) return Array.from({ length: Math.floor(next() * 4) }, () => value(depth + 1));
    return Object.fromEntries(Array.from({ length: Math.floor(next() * 4) }, () => [str(), value(depth + 1)]));
  };
  return value(0);
}

describe('jsonDeeperThan', () => {
  it('agrees with reading every character, for JSON whose strings hold brackets, quotes and backslashes', () => {
    for (let seed = 1; seed <= 500; seed++) {
      const text = JSON.stringify(randomJson(seed));
      const depth = depthOf(text);
      expect(jsonDeeperThan(text, depth), text).toBe(false);
      if (depth > 0) expect(jsonDeeperThan(text, depth - 1), text).toBe(true);
    }
  });

  it('counts brackets outside strings only, and stops at a string that never ends', () => {
    expect(jsonDeeperThan('{"a":"[[[[\\\\"}', 1)).toBe(false);
    expect(jsonDeeperThan('{"a":"\\\\\\"[[["}', 1)).toBe(false);
    expect(jsonDeeperThan('{"a":"\\\\",[[[1]]]}', 3)).toBe(true);
    expect(jsonDeeperThan(`${'['.repeat(65)}${']'.repeat(65)}`, 64)).toBe(true);
    expect(jsonDeeperThan('"unterminated [[[', 0)).toBe(false);
  });
});
