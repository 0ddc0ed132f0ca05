import type { RepoConfig } from '../config/index.js';
import type { LlmUsage } from '../llm/index.js';

/**
 * Where model spending is remembered across jobs, for the per-PR and per-day caps. Local runs keep a
 * file (`store/file-spend-ledger.ts`); the service keeps it in its database.
 */
export interface SpendLedger {
  /** USD recorded since `since` (every key), or for `key` (all time). */
  total(filter: { since?: Date; key?: string }): Promise<number>;
  record(entry: SpendEntry): Promise<void>;
}

export interface SpendEntry {
  at: string;
  /** The pull request (or local branch) the money was spent on. */
  key: string;
  usd: number;
  model: string;
  requests: number;
  input_tokens: number;
  output_tokens: number;
}

// Claude Sonnet list price, used when `llm.prices` does not name the model (USD per million tokens).
const DEFAULT_PRICE = { input_per_mtok: 3, output_per_mtok: 15 };

/** USD for a usage; prompt-cache reads cost a tenth of input and cache writes a quarter more (Anthropic's rates). */
export function priceOf(config: RepoConfig, model: string, usage: LlmUsage): number {
  const p = config.llm.prices[model] ?? DEFAULT_PRICE;
  const input =
    usage.input_tokens +
    (usage.cache_read_input_tokens ?? 0) * 0.1 +
    (usage.cache_creation_input_tokens ?? 0) * 1.25;
  return (input * p.input_per_mtok + usage.output_tokens * p.output_per_mtok) / 1e6;
}

/** The start of the current UTC day: `per_day_usd` is a calendar day in UTC. */
export function startOfUtcDay(now: Date): Date {
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));
}

/**
 * The caps of `llm.budget` for one job: per fix, per job, per PR and per day (the last two start from
 * what the ledger already holds). A request is admitted only if its worst case fits every cap, counting
 * what other requests in flight (parallel candidates) have reserved.
 */
export class JobBudget {
  spent = 0;
  private reserved = 0;

  constructor(
    private readonly caps: RepoConfig['llm']['budget'],
    private readonly before: { pr: number; day: number },
  ) {}

  /** A budget for one fix (shared by its candidates). */
  forFix(): FixBudget {
    return new FixBudget(this);
  }

  /** Why `extra` more dollars (on top of `fixSpent` for this fix) would break a cap, or undefined. */
  refusal(fixSpent: number, extra: number): string | undefined {
    const job = this.spent + this.reserved + extra;
    const caps: Array<[string, number, number]> = [
      ['per_fix_usd', this.caps.per_fix_usd, fixSpent + extra],
      ['per_job_usd', this.caps.per_job_usd, job],
      ['per_pr_usd', this.caps.per_pr_usd, this.before.pr + job],
      ['per_day_usd', this.caps.per_day_usd, this.before.day + job],
    ];
    for (const [name, cap, would] of caps)
      if (would > cap)
        return `stopped by llm.budget.${name} ($${cap}): $${(would - extra).toFixed(4)} spent or reserved, the next request could cost $${extra.toFixed(4)}`;
    return undefined;
  }

  /** Dollars left under the tightest cap once `extra` more is spent (negative when a cap is broken). */
  room(fixSpent: number, extra: number): number {
    const job = this.spent + this.reserved + extra;
    return Math.min(
      this.caps.per_fix_usd - (fixSpent + extra),
      this.caps.per_job_usd - job,
      this.caps.per_pr_usd - (this.before.pr + job),
      this.caps.per_day_usd - (this.before.day + job),
    );
  }

  reserve(amount: number) {
    this.reserved += amount;
  }

  settle(reserved: number, actual: number) {
    this.reserved -= reserved;
    this.spent += actual;
  }
}

export class FixBudget {
  spent = 0;
  private reserved = 0;

  constructor(private readonly job: JobBudget) {}

  /** Reserves `worst` for one request, or says which cap it would break. */
  reserve(worst: number): string | undefined {
    const refusal = this.job.refusal(this.spent + this.reserved, worst);
    if (refusal) return refusal;
    this.reserved += worst;
    this.job.reserve(worst);
    return undefined;
  }

  /** Would `extra` on top of what is spent break a cap? (Agents are checked request by request.) */
  check(extra: number): string | undefined {
    return this.job.refusal(this.spent + this.reserved, extra);
  }

  /** Dollars left under the tightest cap once `extra` more is spent. */
  room(extra: number): number {
    return this.job.room(this.spent + this.reserved, extra);
  }

  settle(reserved: number, actual: number) {
    this.reserved -= reserved;
    this.spent += actual;
    this.job.settle(reserved, actual);
  }
}

// Below this output allowance an agent's request cannot do useful work: refuse it instead.
const MIN_AGENT_OUTPUT = 256;

/**
 * The proxy's question before each request an agent makes: refuse it when not even a short answer fits
 * the caps, else cap its output allowance to what they leave, so the caps hold as hard limits. `spent`
 * is what the agent's run has used so far (not yet settled into the budget).
 */
export function admitAgentRequest(
  config: RepoConfig,
  budget: FixBudget,
  model: string,
  spent: LlmUsage & { model?: string },
  estimatedInputTokens: number,
): { refuse: string } | { maxOutputTokens: number } | undefined {
  const priced = spent.model ?? model;
  const sofar =
    priceOf(config, priced, spent) +
    priceOf(config, priced, { input_tokens: estimatedInputTokens, output_tokens: 0 });
  const perOutput = priceOf(config, priced, { input_tokens: 0, output_tokens: 1 });
  if (perOutput <= 0) return undefined; // A model priced at zero (a local server) needs no cap.
  const maxOutputTokens = Math.floor(budget.room(sofar) / perOutput);
  if (maxOutputTokens < MIN_AGENT_OUTPUT)
    return { refuse: budget.check(sofar + MIN_AGENT_OUTPUT * perOutput) ?? 'stopped by llm.budget' };
  return { maxOutputTokens };
}
