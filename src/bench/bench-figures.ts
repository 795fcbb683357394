/** Figures and targets the benches print (latencies, CPU, verdicts): pure, so they are tested without a stack. */

export interface Percentiles {
  count: number;
  p50: number;
  p95: number;
  p99: number;
}

/** The nearest-rank percentile (p in 0–100) of samples sorted ascending; NaN for none. */
export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1]!;
}

export function percentiles(samples: number[]): Percentiles {
  const sorted = [...samples].sort((a, b) => a - b);
  return { count: sorted.length, p50: percentile(sorted, 50), p95: percentile(sorted, 95), p99: percentile(sorted, 99) };
}

/** A figure against an upper bound: "met" when it is at most the target (a figure not measured is not met). */
export function verdict(value: number, atMost: number): 'met' | 'not met' {
  return Number.isFinite(value) && value <= atMost ? 'met' : 'not met';
}

/** One printed target: what, the figure, the bound and whether it holds, e.g. "GET /api/inbox p99   12.3 ms   (target ≤ 50 ms)   met". */
export function targetLine(label: string, value: number, atMost: number, unit: string, digits = 1): string {
  return `${label.padEnd(40)} ${value.toFixed(digits).padStart(8)}${unit}   (target ≤ ${atMost}${unit})   ${verdict(value, atMost)}`;
}

/** A row of the latency table: count and p50/p95/p99 in milliseconds. */
export function latencyRow(label: string, figures: Percentiles): string {
  const ms = (v: number) => `${v.toFixed(1).padStart(8)} ms`;
  return `${label.padEnd(40)} ${String(figures.count).padStart(7)}  ${ms(figures.p50)} ${ms(figures.p95)} ${ms(figures.p99)}`;
}

/** A deterministic pseudo-random source (mulberry32), so two runs of one seed make the same choices. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** CPU seconds all parts used between two readings (the services and the driver, whose no-op handlers are the baseline's worker). */
export function cpuTotal(before: Map<string, number>, after: Map<string, number>): number {
  return [...after].reduce((sum, [name, s]) => sum + s - (before.get(name) ?? 0), 0);
}
