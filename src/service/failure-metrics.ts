import { Gauge, type Registry } from 'prom-client';
import type { FailureStats, MemoryStats } from '../store/index.js';

/** `read` at most once a second: one scrape's gauges share one read of the store. */
function oncePerScrape<T>(read: () => Promise<T>): () => Promise<T> {
  let last: { at: number; stats: Promise<T> } | undefined;
  return () => {
    if (!last || Date.now() - last.at > 1000) last = { at: Date.now(), stats: read() };
    return last.stats;
  };
}

/**
 * Failures no code change fixes, on /metrics: re-runs by verdict and result, the infrastructure failure
 * rate, and the most flaky tests. Read from the shared store at scrape time (once per scrape), so every
 * replica reports the same numbers.
 */
export function failureGauges(registry: Registry, read: () => Promise<FailureStats>): void {
  const stats = oncePerScrape(read);
  new Gauge({
    name: 'autofix_reruns',
    help: 'Runs re-run instead of fixed, by verdict (infrastructure, flaky) or by result (passed, failed, waiting)',
    labelNames: ['verdict', 'result'] as const,
    registers: [registry],
    async collect() {
      const r = (await stats()).reruns;
      this.reset();
      this.set({ verdict: 'infrastructure', result: 'all' }, r.infrastructure);
      this.set({ verdict: 'flaky', result: 'all' }, r.flaky);
      for (const result of ['passed', 'failed', 'waiting'] as const)
        this.set({ verdict: 'all', result }, r[result]);
    },
  });
  new Gauge({
    name: 'autofix_infrastructure_failure_rate',
    help: 'Runs re-run for the infrastructure per job ci-autofix took on',
    registers: [registry],
    async collect() {
      this.set((await stats()).infrastructure_rate ?? 0);
    },
  });
  new Gauge({
    name: 'autofix_flaky_test_failures',
    help: 'The most flaky tests (at most 10): times each failed and then passed on one commit',
    labelNames: ['repository', 'test'] as const,
    registers: [registry],
    async collect() {
      this.reset();
      for (const t of (await stats()).flaky_tests)
        this.set({ repository: t.repository, test: t.test.slice(0, 200) }, t.failures);
    },
  });
}

/** The fix memory on /metrics (issue 23), read like the failures: once per scrape, from the store. */
export function memoryGauges(registry: Registry, read: () => Promise<MemoryStats>): void {
  const scraped = oncePerScrape(read);
  const stats = async () => (await scraped()).memory;
  const gauge = (name: string, help: string, value: (m: MemoryStats['memory']) => number) =>
    new Gauge({
      name,
      help,
      registers: [registry],
      async collect() {
        this.set(value(await stats()));
      },
    });
  gauge(
    'autofix_memory_hit_rate',
    "Findings whose signature the repository's fix memory already held",
    (m) => m.hit_rate ?? 0,
  );
  gauge(
    'autofix_memory_replays',
    'Findings fixed by replaying an accepted fix: model calls avoided',
    (m) => m.replayed,
  );
  gauge(
    'autofix_memory_cost_avoided_usd',
    'Model cost of the accepted fixes replayed instead of asking again',
    (m) => m.cost_avoided_usd,
  );
  new Gauge({
    name: 'autofix_memory_fixes',
    help: 'Fix tries by strategy and what became of them (tried, kept, published, accepted, rejected)',
    labelNames: ['strategy', 'state'] as const,
    registers: [registry],
    async collect() {
      this.reset();
      for (const s of (await stats()).by_strategy)
        for (const state of ['tried', 'kept', 'published', 'accepted', 'rejected'] as const)
          this.set({ strategy: s.strategy, state }, s[state]);
    },
  });
}
