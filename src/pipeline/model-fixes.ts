import type { Diagnostic } from '../domain/index.js';
import type { RepoConfig } from '../config/index.js';
import type { EditOutcome, FileEdit, FileSlice, LlmClient, LlmUsage, Redactor } from '../llm/index.js';
import type { Violation } from '../validate/index.js';
import type { FileChange } from '../workspace/index.js';
import type { CheckRun } from './run-check.js';

/** What the model stage needs, injected like every other effect. */
export interface ModelDeps {
  client: LlmClient;
  redactor: Redactor;
  systemPrompt: string;
  buildContext(
    group: Diagnostic[],
    read: (file: string) => string | undefined,
    maxInputTokens: number,
    reserved: number,
  ): FileSlice[];
  buildUserPrompt(group: Diagnostic[], slices: FileSlice[], redactor: Redactor, feedback?: string): string;
  estimateTokens(text: string): number;
  applyEdits(root: string, edits: FileEdit[], allowed: ReadonlySet<string>): Promise<EditOutcome>;
  readFile(root: string, file: string): string | undefined;
}

export interface ModelStepIO {
  dir: string;
  config: RepoConfig;
  changes(): Promise<{ files: FileChange[]; patch: string }>;
  safety(files: FileChange[], patch: string): Promise<Violation[]>;
  check(): Promise<CheckRun>;
  reset(): Promise<void>;
  progress(message: string, files?: string[]): void;
}

export interface ModelCost {
  requests: number;
  input_tokens: number;
  output_tokens: number;
  usd: number;
}

export type ModelAttempt =
  | { kept: true; fixed: Diagnostic[]; files: string[]; after: CheckRun; cost: ModelCost; iterations: number }
  | { kept: false; reason: string; cost: ModelCost; iterations: number };

/** Line numbers move when a file is reformatted; a failure is the same failure at another line. */
export const sameFailure = (d: Diagnostic) =>
  [d.source.name, d.location?.path ?? '', d.code?.value ?? '', d.message].join('\u0000');

// Claude Sonnet list price, used when `llm.prices` does not name the model (USD per million tokens).
const DEFAULT_PRICE = { input_per_mtok: 3, output_per_mtok: 15 };

export function priceOf(config: RepoConfig, model: string, usage: LlmUsage): number {
  const p = config.llm.prices[model] ?? DEFAULT_PRICE;
  return (usage.input_tokens * p.input_per_mtok + usage.output_tokens * p.output_per_mtok) / 1e6;
}

/**
 * One group of model-fixable diagnostics (one file): ask for edits, apply them by exact match, check the
 * safety policy, re-run the check; on failure feed the reasons back, at most `llm.max_iterations` times.
 * Budgets are checked before each request. The model never runs anything: it only proposes edits.
 */
export async function fixWithModel(
  group: Diagnostic[],
  current: CheckRun,
  io: ModelStepIO,
  deps: ModelDeps,
  spentUsd: number,
): Promise<ModelAttempt> {
  const cost: ModelCost = { requests: 0, input_tokens: 0, output_tokens: 0, usd: 0 };
  const llm = io.config.llm;
  let feedback: string | undefined;
  const had = new Set(current.analysis.diagnostics.map(sameFailure));
  for (let iteration = 1; iteration <= llm.max_iterations; iteration++) {
    const reserved =
      deps.estimateTokens(deps.systemPrompt) + 600 + (feedback ? deps.estimateTokens(feedback) : 0);
    const slices = deps.buildContext(group, (f) => deps.readFile(io.dir, f), llm.max_input_tokens, reserved);
    if (!slices.length)
      return {
        kept: false,
        reason: 'none of the files the diagnostics name could be read',
        cost,
        iterations: iteration - 1,
      };
    const prompt = deps.buildUserPrompt(group, slices, deps.redactor, feedback);
    // Budget before the request: the worst case is the whole input and the whole output allowance.
    const worst = priceOf(io.config, deps.client.model, {
      input_tokens: deps.estimateTokens(prompt) + reserved,
      output_tokens: llm.max_output_tokens,
    });
    if (cost.usd + worst > llm.budget.per_fix_usd || spentUsd + cost.usd + worst > llm.budget.per_job_usd)
      return {
        kept: false,
        reason: `stopped by llm.budget (spent $${(spentUsd + cost.usd).toFixed(4)}; the next request could cost $${worst.toFixed(4)})`,
        cost,
        iterations: iteration - 1,
      };
    io.progress(
      `model ${deps.client.model}: attempt ${iteration}/${llm.max_iterations}`,
      slices.map((s) => s.file),
    );
    const reply = await deps.client.complete({
      system: deps.systemPrompt,
      messages: [{ role: 'user', content: prompt }],
      maxTokens: llm.max_output_tokens,
    });
    cost.requests++;
    cost.input_tokens += reply.usage.input_tokens;
    cost.output_tokens += reply.usage.output_tokens;
    cost.usd += priceOf(io.config, reply.model, reply.usage);
    if (!reply.edits.length)
      return {
        kept: false,
        reason: `the model proposed no edit${reply.text ? `: ${reply.text.slice(0, 200)}` : ''}`,
        cost,
        iterations: iteration,
      };
    const allowed = new Set(slices.map((s) => s.file));
    const applied = await deps.applyEdits(io.dir, reply.edits, allowed);
    if (!applied.applied.length) {
      feedback = applied.rejected.map((r) => `- edit to ${r.edit.file} rejected: ${r.reason}`).join('\n');
      await io.reset();
      continue;
    }
    const change = await io.changes();
    const violations = await io.safety(change.files, change.patch);
    if (violations.length) {
      feedback = violations.map((v) => `- ${v.message}`).join('\n');
      await io.reset();
      continue;
    }
    const after = await io.check();
    const still = new Set(after.analysis.diagnostics.map(sameFailure));
    const fixed = group.filter((d) => !still.has(sameFailure(d)));
    const fresh = after.analysis.diagnostics.filter((d) => !had.has(sameFailure(d)));
    if (fixed.length === group.length && !fresh.length)
      return {
        kept: true,
        fixed,
        files: change.files.map((f) => f.path),
        after,
        cost,
        iterations: iteration,
      };
    feedback = [
      ...group
        .filter((d) => still.has(sameFailure(d)))
        .map(
          (d) =>
            `- still reported: ${d.source.name} ${d.location?.path}:${d.location?.range?.start.line ?? ''} ${d.message}`,
        ),
      ...fresh
        .slice(0, 10)
        .map(
          (d) =>
            `- new: ${d.source.name} ${d.location?.path ?? ''}:${d.location?.range?.start.line ?? ''} ${d.message}`,
        ),
    ].join('\n');
    await io.reset();
  }
  return {
    kept: false,
    reason: `no attempt passed validation in ${llm.max_iterations} iteration(s); last: ${feedback?.split('\n')[0] ?? ''}`,
    cost,
    iterations: llm.max_iterations,
  };
}
