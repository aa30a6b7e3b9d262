export interface BenchContext {
  quick: boolean;
  /** The data generator's seed (`--seed`): the same seed, the same data. */
  seed: number;
}

export interface ScenarioResult {
  /** The figures measured, by name (ms, per second, MB…). */
  figures: Record<string, number>;
  /** The same work done the plainest way, measured in the same run. */
  baseline?: Record<string, number>;
  /** figure ÷ baseline (or the reverse, as the target reads). */
  ratio?: number;
  target: string;
  /** Whether the target was met (undefined: no target to compare). */
  met?: boolean;
  note?: string;
}

export interface Scenario {
  id: string;
  title: string;
  /** Throw `Skipped` when the feature or the machine is not there. */
  run(ctx: BenchContext): Promise<ScenarioResult>;
}

export class Skipped extends Error {}

export const percentile = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]!;
};
