import { writeFileSync } from 'node:fs';

interface Totals { count: number; ms: number; maxMs: number }

/**
 * Time spent per kind of call (a store query's shape, an engine route), written as a table to
 * `file` when the process ends, largest total first. For `npm run bench -- --profile`.
 */
export class CallProfile {
  private readonly totals = new Map<string, Totals>();

  constructor(file: string) {
    process.on('exit', () => writeFileSync(file, `${this.table()}\n`));
  }

  record(shape: string, ms: number): void {
    const total = this.totals.get(shape) ?? { count: 0, ms: 0, maxMs: 0 };
    this.totals.set(shape, { count: total.count + 1, ms: total.ms + ms, maxMs: Math.max(total.maxMs, ms) });
  }

  table(): string {
    return [...this.totals].sort((a, b) => b[1].ms - a[1].ms)
      .map(([shape, t]) => `${t.ms.toFixed(0).padStart(9)} ms ${String(t.count).padStart(8)}× ${(t.ms / t.count).toFixed(1).padStart(8)} avg ${t.maxMs.toFixed(0).padStart(6)} max  ${shape}`)
      .join('\n');
  }
}
