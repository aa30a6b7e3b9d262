/** What an implementation has against what the contract names: both lists empty means exact coverage. */
export function coverage(expected: readonly string[], actual: readonly string[]) {
  return {
    missing: expected.filter((n) => !actual.includes(n)).sort(),
    extra: actual.filter((n) => !expected.includes(n)).sort(),
  };
}
