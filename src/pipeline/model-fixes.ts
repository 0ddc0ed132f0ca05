import type { Diagnostic } from '../domain/index.js';
import type { RepoConfig } from '../config/index.js';
import type { AgentClient, EditOutcome, FileEdit, FileSlice, LlmClient, Redactor } from '../llm/index.js';
import { admitAgentRequest, priceOf, type FixBudget } from './budget.js';
import type { Violation } from '../validate/index.js';
import type { FileChange } from '../workspace/index.js';
import type { CheckRun } from './run-check.js';

/** What the model stage needs, injected like every other effect. */
export interface ModelDeps {
  /** A model answering requests with edits, or an agent CLI that edits the worktree itself. */
  client: LlmClient | AgentClient;
  /** What an agent is told before the task (agents only). */
  agentInstructions?: string;
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
  /** Folders under /tmp the worktree's linked dependencies live in (an agent must read them). */
  readable: string[];
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
  | {
      kept: true;
      fixed: Diagnostic[];
      files: string[];
      /** Lines added plus removed: candidates are compared by it. */
      size: number;
      patch: string;
      after: CheckRun;
      cost: ModelCost;
      iterations: number;
    }
  | { kept: false; reason: string; cost: ModelCost; iterations: number };

/** Adds `more` into `into` (attempts into a fix, candidates into a group, fixes into the job). */
export function addCost(into: ModelCost, more: ModelCost): void {
  into.requests += more.requests;
  into.input_tokens += more.input_tokens;
  into.output_tokens += more.output_tokens;
  into.usd += more.usd;
}

/** Line numbers move when a file is reformatted; a failure is the same failure at another line. */
export const sameFailure = (d: Diagnostic) =>
  [d.source.name, d.location?.path ?? '', d.code?.value ?? '', d.message].join('\u0000');

/**
 * One group of model-fixable diagnostics (one file): ask for edits (or let an agent edit), check the
 * safety policy, re-run the check; on failure feed the reasons back, at most `llm.max_iterations` times.
 * Every request is admitted by the budget first. A model never runs anything: it only proposes edits,
 * and an agent's edits are held to the same policy and validation.
 */
export async function fixWithModel(
  group: Diagnostic[],
  current: CheckRun,
  io: ModelStepIO,
  deps: ModelDeps,
  budget: FixBudget,
): Promise<ModelAttempt> {
  const cost: ModelCost = { requests: 0, input_tokens: 0, output_tokens: 0, usd: 0 };
  const llm = io.config.llm;
  const client = deps.client;
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
    let explanation: string;
    io.progress(
      `${client.provider === 'agent-cli' ? client.name : 'model'} ${client.model}: attempt ${iteration}/${llm.max_iterations}`,
      slices.map((s) => s.file),
    );
    if (client.provider === 'agent-cli') {
      // An agent makes as many requests as it likes: the proxy asks the budget before each one.
      const refusal = budget.check(
        priceOf(io.config, client.model, { input_tokens: 1000, output_tokens: 0 }),
      );
      if (refusal) return { kept: false, reason: refusal, cost, iterations: iteration - 1 };
      const ran = await client.run({
        dir: io.dir,
        prompt: `${deps.agentInstructions ?? ''}\n\n${prompt}`,
        readable: io.readable,
        admit: (spent, estimated) => admitAgentRequest(io.config, budget, client.model, spent, estimated),
      });
      const usd = priceOf(io.config, ran.model, ran.usage);
      budget.settle(0, usd);
      addCost(cost, {
        requests: ran.requests,
        // Cache reads and writes are input too (priced apart in `usd`).
        input_tokens:
          ran.usage.input_tokens +
          (ran.usage.cache_read_input_tokens ?? 0) +
          (ran.usage.cache_creation_input_tokens ?? 0),
        output_tokens: ran.usage.output_tokens,
        usd,
      });
      if (!ran.ok) {
        await io.reset();
        return { kept: false, reason: ran.text, cost, iterations: iteration };
      }
      explanation = ran.text;
    } else {
      // Budget before the request: the worst case is the whole input and the whole output allowance.
      const worst = priceOf(io.config, client.model, {
        input_tokens: deps.estimateTokens(prompt) + reserved,
        output_tokens: llm.max_output_tokens,
      });
      const refusal = budget.reserve(worst);
      if (refusal) return { kept: false, reason: refusal, cost, iterations: iteration - 1 };
      let reply;
      try {
        reply = await client.complete({
          system: deps.systemPrompt,
          messages: [{ role: 'user', content: prompt }],
          maxTokens: llm.max_output_tokens,
        });
      } catch (err) {
        budget.settle(worst, 0);
        throw err;
      }
      const usd = priceOf(io.config, reply.model, reply.usage);
      budget.settle(worst, usd);
      addCost(cost, {
        requests: 1,
        input_tokens: reply.usage.input_tokens,
        output_tokens: reply.usage.output_tokens,
        usd,
      });
      explanation = reply.text;
      if (!reply.edits.length)
        return {
          kept: false,
          reason: `the model proposed no edit${reply.text ? `: ${reply.text.slice(0, 200)}` : ''}`,
          cost,
          iterations: iteration,
        };
      // Files shown for reference (tool settings) are not the model's to edit.
      const allowed = new Set(slices.filter((s) => !s.reference).map((s) => s.file));
      const applied = await deps.applyEdits(io.dir, reply.edits, allowed);
      if (!applied.applied.length) {
        feedback = applied.rejected.map((r) => `- edit to ${r.edit.file} rejected: ${r.reason}`).join('\n');
        await io.reset();
        continue;
      }
    }
    const change = await io.changes();
    if (!change.files.length)
      return {
        kept: false,
        reason: `${client.provider === 'agent-cli' ? client.name : 'the model'} changed nothing${explanation ? `: ${explanation.slice(0, 200)}` : ''}`,
        cost,
        iterations: iteration,
      };
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
        size: change.files.reduce((n, f) => n + f.added + f.removed, 0),
        patch: change.patch,
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
