export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

/** Median ms of `runs` calls after `warmup` untimed ones. */
export async function timeMedian(fn: () => Promise<unknown>, runs: number, warmup = 3): Promise<number> {
  for (let i = 0; i < warmup; i++) await fn();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    await fn();
    times.push(performance.now() - t);
  }
  return median(times);
}

export const fmt = (v: number, digits = 1): string => (Number.isFinite(v) ? v.toFixed(digits) : '–');

/** The p-th quantile (0..1) of the values, nearest rank. */
export function quantile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)] as number;
}

/** Issue 16's goals, printed by bench:pipeline and bench:queue next to what they measured. */
export const THROUGHPUT_GOAL = 0.85;
export const LATENCY_GOAL = 1.3;

/** The machine-readable last line the issue asks for: the API's images/s as a share of the model-only bound. */
export function printShareOfBound(share: number): void {
  console.log(`api_share_of_bound=${fmt(share, 2)}`);
}
