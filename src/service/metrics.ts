import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { JobQueue, QueueDepth } from '../store/index.js';

/** The service's Prometheus metrics, on a registry of its own (several services in one test process). */
export class ServiceMetrics {
  readonly registry = new Registry();
  readonly webhooks = new Counter({
    name: 'autofix_webhooks_total',
    help: 'Webhook deliveries by event and result (queued, ignored, rejected)',
    labelNames: ['event', 'result'] as const,
    registers: [this.registry],
  });
  readonly webhookSeconds = new Histogram({
    name: 'autofix_webhook_duration_seconds',
    help: 'Time to verify, store and answer a webhook',
    buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1],
    registers: [this.registry],
  });
  readonly outcomes = new Counter({
    name: 'autofix_job_outcomes_total',
    help: 'Finished jobs by outcome (fixed, partial, not-fixable, skipped, failed, …)',
    labelNames: ['outcome'] as const,
    registers: [this.registry],
  });
  readonly jobSeconds = new Histogram({
    name: 'autofix_job_duration_seconds',
    help: 'Wall time of a job, from claim to outcome',
    buckets: [1, 5, 10, 30, 60, 120, 300, 600, 1800],
    registers: [this.registry],
  });
  readonly claimSeconds = new Histogram({
    name: 'autofix_job_wait_seconds',
    help: 'Time from a job being stored (webhook or poll) to a worker claiming it',
    buckets: [0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 60, 300],
    registers: [this.registry],
  });
  readonly modelTokens = new Counter({
    name: 'autofix_model_tokens_total',
    help: 'Model tokens spent, by direction',
    labelNames: ['direction'] as const,
    registers: [this.registry],
  });
  readonly modelCost = new Counter({
    name: 'autofix_model_cost_usd_total',
    help: 'Model spending in USD',
    registers: [this.registry],
  });
  readonly rateLimit = new Gauge({
    name: 'autofix_github_rate_limit_remaining',
    help: 'GitHub API requests left in the current window, as last seen',
    registers: [this.registry],
  });
  readonly polls = new Counter({
    name: 'autofix_polls_total',
    help: 'Repository polls by result (changed, unchanged, error)',
    labelNames: ['result'] as const,
    registers: [this.registry],
  });

  constructor(queue: JobQueue) {
    collectDefaultMetrics({ register: this.registry });
    // One read of the store per scrape serves every gauge below.
    let last: { at: number; depth: Promise<QueueDepth> } | undefined;
    const depth = () => {
      if (!last || Date.now() - last.at > 1000) last = { at: Date.now(), depth: queue.depth() };
      return last.depth;
    };
    // Both read at scrape time from the shared store, so every replica reports the same numbers.
    new Gauge({
      name: 'autofix_jobs',
      help: 'Jobs in the store by state',
      labelNames: ['state'] as const,
      registers: [this.registry],
      async collect() {
        for (const [state, n] of Object.entries((await depth()).states)) this.set({ state }, n);
      },
    });
    new Gauge({
      name: 'autofix_queue_oldest_seconds',
      help: 'How long the oldest queued job has waited',
      registers: [this.registry],
      async collect() {
        this.set((await depth()).oldestQueuedSeconds);
      },
    });
    new Gauge({
      name: 'autofix_workers',
      help: 'Worker processes alive (a heartbeat within the takeover time), all replicas',
      registers: [this.registry],
      async collect() {
        this.set((await depth()).workers);
      },
    });
    new Gauge({
      name: 'autofix_jobs_taken_over',
      help: 'Times a running job was handed on because its worker died (a crash, a kill, a lost node)',
      registers: [this.registry],
      async collect() {
        this.set((await depth()).takenOver);
      },
    });
    new Gauge({
      name: 'autofix_worker_busy',
      help: 'Jobs this process is running now',
      registers: [this.registry],
      collect() {
        this.set(queue.busy);
      },
    });
  }
}
