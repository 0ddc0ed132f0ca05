import { z } from 'zod';
import { DEFAULT_PROTECTED_PATHS, FIXABILITIES } from '../domain/index.js';

/** A regex that compiles; the message names the pattern so the user can find it. */
const pattern = z.string().superRefine((p, ctx) => {
  try {
    new RegExp(p);
  } catch (err) {
    ctx.addIssue({ code: 'custom', message: `not a valid regular expression: ${(err as Error).message}` });
  }
});

const fixability = z.enum(FIXABILITIES);

const toolOverride = z.strictObject({
  enabled: z.boolean().optional().describe("false turns this tool's parser off"),
  fixability: fixability.optional().describe('verdict for every diagnostic of this tool'),
  codes: z.record(z.string(), fixability).optional().describe('verdict per rule code, e.g. { F401: none }'),
});

/** A command as argv: a list, or a string split on spaces (never run through a shell). */
const command = z
  .union([z.array(z.string().min(1)).min(1), z.string().min(1)])
  .transform((c) => (typeof c === 'string' ? c.trim().split(/\s+/) : c));

const customFixer = z.strictObject({
  name: z.string().regex(/^[a-z][a-z0-9-]*$/, 'lower-case letters, digits and dashes'),
  applies_to: z
    .strictObject({
      tool: z.string().optional().describe('the diagnostic source: the name of the tool that reported it'),
      code: z.string().optional().describe('the rule code, e.g. D100'),
      message: pattern.optional().describe('a regex on the message'),
    })
    .describe('which diagnostics the fixer is for (all given conditions must hold)'),
  command: command.describe('argv template; `{files}` expands to the files the diagnostics name'),
});

const fixersSchema = z.strictObject({
  enable: z.array(z.string()).optional().describe('only these fixers (default: every built-in one)'),
  disable: z.array(z.string()).default([]).describe('fixers never to run'),
  order: z.array(z.string()).optional().describe('fixers to run first, in this order'),
  args: z.record(z.string(), z.array(z.string())).default({}).describe('extra arguments per fixer'),
  unsafe_fixes: z.boolean().default(false).describe('let tools apply the fixes they call unsafe'),
  custom: z.array(customFixer).default([]).describe('fixers of the repository’s own'),
});

const safetySchema = z.strictObject({
  max_files: z.number().int().positive().default(10),
  max_lines: z.number().int().positive().default(500),
  protected_paths: z.array(z.string()).default(DEFAULT_PROTECTED_PATHS),
  allow_paths: z.array(z.string()).default([]).describe('exceptions to protected_paths'),
  allow_suppressions: z
    .array(z.string())
    .default([])
    .describe('rules (a code such as E501, or tool:code) a fix may add a suppression comment for'),
  allow_config: z
    .array(z.string())
    .default([])
    .describe('lint, type or test configuration files (globs) a fix may change'),
});

const commitSchema = z.strictObject({
  message: z
    .string()
    .default('{type}: {summary}')
    .describe('first line of each commit; {type}, {scope} and {summary} are filled in'),
  author: z
    .strictObject({
      name: z.string().default('ci-autofix'),
      email: z.string().default('ci-autofix@users.noreply.github.com'),
    })
    .prefault({}),
});

const llmSchema = z.strictObject({
  provider: z
    .enum(['auto', 'anthropic', 'openai', 'claude-code', 'codex', 'agent', 'none'])
    .default('auto')
    .describe(
      'auto: Anthropic when ANTHROPIC_API_KEY is set, else an OpenAI-compatible server when OPENAI_API_KEY is; claude-code, codex, agent (llm.agent.command): an agent CLI in the sandbox behind a key-holding proxy; none: never',
    ),
  model: z.string().optional().describe('the model (default: a current Claude model, or gpt-4.1 for OpenAI)'),
  base_url: z
    .string()
    .url()
    .optional()
    .describe('an OpenAI-compatible server (Ollama, vLLM, llama.cpp, OpenRouter); also OPENAI_BASE_URL'),
  agent: z
    .strictObject({
      command: z
        .array(z.string().min(1))
        .min(1)
        .optional()
        .describe(
          'argv of an agent CLI (provider agent; overrides the claude-code/codex presets); {model}, {base_url} (the proxy) and {agent_sandbox} (codex --sandbox value) are replaced, the prompt comes on stdin',
        ),
      api: z
        .enum(['anthropic', 'openai'])
        .optional()
        .describe(
          'the API the agent speaks (default: anthropic; codex: openai); decides which key the proxy holds',
        ),
      timeout_seconds: z.number().int().min(10).default(600).describe('one agent run'),
    })
    .prefault({})
    .describe(
      'agent CLIs: run in the sandboxed worktree, given a scoped token for a local proxy, never a key',
    ),
  candidates: z
    .number()
    .int()
    .min(1)
    .max(8)
    .default(1)
    .describe(
      'parallel attempts per failure, each in its own worktree; the smallest diff that validates wins',
    ),
  max_iterations: z
    .number()
    .int()
    .min(1)
    .max(10)
    .default(3)
    .describe('attempts per failure, each fed the errors of the last'),
  max_input_tokens: z
    .number()
    .int()
    .min(1000)
    .default(8000)
    .describe('input budget per request; met by sending less context'),
  max_output_tokens: z.number().int().min(256).default(4096),
  stream: z
    .boolean()
    .default(false)
    .describe('stream replies (server-sent events), for long answers through proxies with idle timeouts'),
  budget: z
    .strictObject({
      per_fix_usd: z
        .number()
        .positive()
        .default(0.5)
        .describe('one failure group, all its attempts and candidates'),
      per_job_usd: z.number().positive().default(2).describe('one run of the fix job'),
      per_pr_usd: z
        .number()
        .positive()
        .default(5)
        .describe('all runs on one pull request (locally: one repository and branch)'),
      per_day_usd: z
        .number()
        .positive()
        .default(20)
        .describe('all runs on this machine or service, per UTC day'),
    })
    .prefault({})
    .describe('spending caps, checked before each request'),
  prices: z
    .record(
      z.string(),
      z.strictObject({ input_per_mtok: z.number().nonnegative(), output_per_mtok: z.number().nonnegative() }),
    )
    .default({})
    .describe('USD per million tokens, by model; unknown models are priced at the default Claude rate'),
});

/**
 * `.ci-autofix.yml`: the one schema (docs/architecture.md, conventions). Unknown keys are errors that name the key.
 * Defaults are documented in the README's configuration section.
 */
export const repoConfigSchema = z.strictObject({
  version: z.literal(1).optional().describe('schema version; 1'),
  check: z
    .string()
    .min(1)
    .optional()
    .describe('the command that proves the repository is green, e.g. `just check`'),
  fixable_patterns: z
    .array(pattern)
    .default([])
    .describe('regexes on the message: matching failures become auto-fixable (llm)'),
  ignore_patterns: z
    .array(pattern)
    .default([])
    .describe('regexes on the message: matching diagnostics are dropped'),
  tools: z
    .record(z.string(), toolOverride)
    .default({})
    .describe('per-tool parser switch and verdict overrides'),
  fixers: fixersSchema
    .prefault({})
    .describe('which fixers run, in which order, with which arguments; custom fixers'),
  safety: safetySchema.prefault({}).describe('limits every fix must respect, checked on the final diff'),
  sandbox: z
    .enum(['auto', 'bwrap', 'local'])
    .default('auto')
    .describe(
      'where repository code runs: bubblewrap when it works (auto), always (bwrap), or the local fallback',
    ),
  commit: commitSchema.prefault({}).describe('how fix commits are written'),
  llm: llmSchema.prefault({}).describe('the model fixer: provider, model, iterations, budgets'),
  max_attempts: z
    .number()
    .int()
    .min(1)
    .max(20)
    .default(3)
    .describe(
      'pull requests: fix attempts per PR (each new head commit or new failure is one); the record is kept in the status comment',
    ),
  retry: z
    .strictObject({
      max: z
        .number()
        .int()
        .min(0)
        .max(5)
        .default(1)
        .describe(
          'times a failed job judged infrastructure or flaky is re-run per head commit (counted from the run attempt); 0: never, say "re-run suggested"',
        ),
    })
    .prefault({})
    .describe('re-running, not fixing, failures no code change fixes (needs `actions: write`)'),
  memory: z
    .strictObject({
      share: z
        .enum(['repository', 'organisation'])
        .default('repository')
        .describe(
          "repository: the fix memory of this repository serves it alone; organisation: it also serves, and is served by, the owner's other repositories that say so",
        ),
    })
    .prefault({})
    .describe('the fix memory: what ci-autofix learnt from its fixes (the service and the local fix)'),
  forks: z
    .enum(['propose', 'push'])
    .default('propose')
    .describe(
      "fork pull requests: propose (suggestions or a fix branch in this repository), or push to the fork's branch when its author allows edits by maintainers",
    ),
  skip_label: z
    .string()
    .min(1)
    .default('autofix:skip')
    .describe('a pull request with this label is left alone'),
  auto_approve: z
    .boolean()
    .default(true)
    .describe('true: validated fixes are committed (and pushed by the service); false: proposed for review'),
});

export type RepoConfig = z.infer<typeof repoConfigSchema>;
