export interface Bench {
  name: string;
  target: string;
  /** One measured run; returns something so the work cannot be optimised away. */
  run(): unknown;
}

export interface BenchResult {
  name: string;
  target: string;
  medianMs: number;
  minMs: number;
  maxMs: number;
  heapDeltaMb: number;
}

/** Median of `rounds` runs after one warm-up. */
export function measure(bench: Bench, rounds = 7): BenchResult {
  bench.run();
  const times: number[] = [];
  const heapBefore = process.memoryUsage().heapUsed;
  for (let i = 0; i < rounds; i++) {
    const start = performance.now();
    bench.run();
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  return {
    name: bench.name,
    target: bench.target,
    medianMs: times[Math.floor(times.length / 2)]!,
    minMs: times[0]!,
    maxMs: times[times.length - 1]!,
    heapDeltaMb: (process.memoryUsage().heapUsed - heapBefore) / 1024 / 1024,
  };
}
