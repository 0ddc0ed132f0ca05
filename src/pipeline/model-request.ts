import type { Diagnostic } from '../domain/index.js';
import type { AgentClient, FileSlice, LlmClient } from '../llm/index.js';
import { admitAgentRequest, priceOf, type FixBudget } from './budget.js';
import type { ModelCost, ModelDeps, ModelStepIO } from './model-types.js';

/** What one request came to: edits in the worktree, edits all rejected (fed back), or the end of the attempt. */
export type RequestResult =
  | { kind: 'edited'; explanation: string }
  | { kind: 'rejected'; feedback: string }
  | { kind: 'end'; reason: string; counts: boolean };

export function addCost(into: ModelCost, more: ModelCost): void {
  into.requests += more.requests;
  into.input_tokens += more.input_tokens;
  into.output_tokens += more.output_tokens;
  into.usd += more.usd;
}

/**
 * One request for a group: its context (from the worktree as it is now), the prompt, then an agent that
 * edits the worktree itself or a model whose edits are applied here (only to the files it was shown, not
 * those shown for reference). Every request is admitted by the budget first; spending goes into `cost`.
 */
export async function requestEdits(
  group: Diagnostic[],
  io: ModelStepIO,
  deps: ModelDeps,
  budget: FixBudget,
  cost: ModelCost,
  step: { iteration: number; feedback?: string; examples?: ReadonlyArray<{ old: string; new: string }> },
): Promise<RequestResult> {
  const llm = io.config.llm;
  const client = deps.client;
  const examples = step.examples ?? [];
  const reserved =
    deps.estimateTokens(deps.systemPrompt) +
    600 +
    (step.feedback ? deps.estimateTokens(step.feedback) : 0) +
    examples.reduce((n, e) => n + deps.estimateTokens(e.old + e.new) + 40, 0);
  const slices = deps.buildContext(group, (f) => deps.readFile(io.dir, f), llm.max_input_tokens, reserved);
  if (!slices.length)
    return { kind: 'end', reason: 'none of the files the diagnostics name could be read', counts: false };
  const prompt = deps.buildUserPrompt(group, slices, deps.redactor, step.feedback, examples);
  io.emit({
    type: 'model-attempt',
    client: client.provider === 'agent-cli' ? client.name : 'model',
    model: client.model,
    attempt: step.iteration,
    of: llm.max_iterations,
    files: slices.map((s) => s.file),
  });
  if (client.provider === 'agent-cli') return askAgent(client, prompt, io, deps, budget, cost);
  return askModel(client, prompt, reserved, slices, io, deps, budget, cost);
}

/** A model's edits, applied here to the files it was shown (not those shown for reference). */
async function askModel(
  client: LlmClient,
  prompt: string,
  reserved: number,
  slices: FileSlice[],
  io: ModelStepIO,
  deps: ModelDeps,
  budget: FixBudget,
  cost: ModelCost,
): Promise<RequestResult> {
  const llm = io.config.llm;
  // Budget before the request: the worst case is the whole input and the whole output allowance.
  const worst = priceOf(io.config, client.model, {
    input_tokens: deps.estimateTokens(prompt) + reserved,
    output_tokens: llm.max_output_tokens,
  });
  const refusal = budget.reserve(worst);
  if (refusal) return { kind: 'end', reason: refusal, counts: false };
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
  if (!reply.edits.length)
    return {
      kind: 'end',
      reason: `the model proposed no edit${reply.text ? `: ${reply.text.slice(0, 200)}` : ''}`,
      counts: true,
    };
  // Files shown for reference (tool settings) are not the model's to edit.
  const allowed = new Set(slices.filter((s) => !s.reference).map((s) => s.file));
  const applied = await deps.applyEdits(io.dir, reply.edits, allowed);
  if (!applied.applied.length)
    return {
      kind: 'rejected',
      feedback: applied.rejected.map((r) => `- edit to ${r.edit.file} rejected: ${r.reason}`).join('\n'),
    };
  return { kind: 'edited', explanation: reply.text };
}

/** An agent CLI, which edits the worktree itself and makes as many requests as the proxy admits. */
async function askAgent(
  client: AgentClient,
  prompt: string,
  io: ModelStepIO,
  deps: ModelDeps,
  budget: FixBudget,
  cost: ModelCost,
): Promise<RequestResult> {
  // An agent makes as many requests as it likes: the proxy asks the budget before each one.
  const refusal = budget.check(priceOf(io.config, client.model, { input_tokens: 1000, output_tokens: 0 }));
  if (refusal) return { kind: 'end', reason: refusal, counts: false };
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
  return ran.ok ? { kind: 'edited', explanation: ran.text } : { kind: 'end', reason: ran.text, counts: true };
}
