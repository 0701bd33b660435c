/** Timing helpers for benchmarks: repeated runs → median and p95 in milliseconds. */
export interface Timing {
  median: number;
  p95: number;
  runs: number;
}

export async function time(fn: () => Promise<unknown>, runs: number, warmup = 2): Promise<Timing> {
  for (let i = 0; i < warmup; i++) await fn();
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = process.hrtime.bigint();
    await fn();
    samples.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  samples.sort((a, b) => a - b);
  const at = (q: number) => samples[Math.min(samples.length - 1, Math.ceil(q * samples.length) - 1)]!;
  return { median: at(0.5), p95: at(0.95), runs };
}

export function row(name: string, t: Timing, extra = ''): string {
  return `  ${name.padEnd(44)} median ${t.median.toFixed(1).padStart(8)} ms   p95 ${t.p95.toFixed(1).padStart(8)} ms   (${t.runs} runs)${extra ? `  ${extra}` : ''}`;
}
