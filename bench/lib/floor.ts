// The database floor of a tile benchmark: the same work as a peer's request run directly against PostgreSQL from
// this process, `connections` workers each taking the next item of the shared sequence as soon as its last one
// is done, for `seconds`. Counted as runLoad counts (load.ts): per worker, answers up to its last completed one.
import type { LoadStats } from './load.ts';
import { onCleanup } from './processes.ts';

function percentile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;
}

let stopping = false;
onCleanup(() => { stopping = true; });

export async function runDirect(o: { next: () => number; run: (item: number) => Promise<number>; connections: number; seconds: number }): Promise<LoadStats> {
  const started = performance.now();
  const until = started + o.seconds * 1000;
  const latencies: number[] = [];
  let bytes = 0;
  let errors = 0;
  let firstError: unknown;
  const workers = Array.from({ length: o.connections }, async () => {
    let ok = 0;
    let lastAt = started;
    while (performance.now() < until && !stopping) {
      const item = o.next();
      const t0 = performance.now();
      try {
        const n = await o.run(item); // not `bytes += await …`: that reads bytes before the await and loses other workers' sums
        bytes += n;
        const t1 = performance.now();
        // As with autocannon, an answer that completes after the time is up neither counts nor costs.
        if (t1 > until) break;
        latencies.push(t1 - t0);
        ok++;
        lastAt = t1;
      } catch (err) {
        errors++;
        firstError ??= err;
      }
    }
    return { ok, lastAt };
  });
  const done = await Promise.all(workers);
  if (firstError) process.stderr.write(`direct run: ${errors} errors, first: ${(firstError as Error).message}\n`);
  latencies.sort((a, b) => a - b);
  const seconds = (performance.now() - started) / 1000;
  return {
    rps: done.reduce((s, w) => s + (w.ok ? w.ok / ((w.lastAt - started) / 1000) : 0), 0),
    ok: done.reduce((s, w) => s + w.ok, 0),
    non2xx: 0,
    errors,
    timeouts: 0,
    p50: percentile(latencies, 0.5),
    p99: percentile(latencies, 0.99),
    mean: latencies.reduce((a, b) => a + b, 0) / (latencies.length || 1),
    bytesPerSec: bytes / seconds,
    seconds,
  };
}
