import { createHash } from 'node:crypto';
import type { JobEvent, ProgressEvent } from '../../src/domain/index.js';
import type { FixRecord } from '../../src/pipeline/fix-memory.js';
import type { JobResult } from '../../src/store/index.js';

/**
 * What the seeded jobs (dashboard-jobs.ts) found and did: findings as the analysis reports them, the
 * pipeline's progress events of a job that fixed some, and the fix memory's record of each try.
 */

/** Markup where a pull request's author or a tool chose the text: the pages must show it as text. */
export const XSS_IMG = '<img src=x onerror=alert(1)>';
export const XSS_SCRIPT = '<script>window.__xss=1</script>';

export type Finding = NonNullable<JobResult['diagnostics']>[number];

function f(
  tool: string,
  code: string,
  category: string,
  fixability: string,
  fixer: string | undefined,
  path: string,
  message: string,
): Finding {
  return {
    tool,
    ...(code ? { code } : {}),
    category,
    fixability,
    fixed: false,
    ...(fixer ? { fixer } : {}),
    path,
    message,
  };
}

/** Each with the fixer that fixes it (none for a person's). */
export const FINDINGS: Finding[] = [
  f('ruff', 'F401', 'import', 'deterministic', 'ruff-check', 'src/app/util.py', '`os` imported but unused'),
  f('ruff', 'I001', 'import', 'deterministic', 'ruff-check', 'src/app/api.py', 'Import block is un-sorted'),
  f('ruff', '', 'format', 'deterministic', 'ruff-format', 'src/app/models.py', 'Would reformat'),
  f('prettier', '', 'format', 'deterministic', 'prettier', 'web/src/App.tsx', 'Code style issues found'),
  f(
    'eslint',
    'no-unused-vars',
    'lint',
    'llm',
    'model',
    'web/src/hooks.ts',
    "'state' is assigned a value but never used.",
  ),
  f(
    'tsc',
    'TS2345',
    'type',
    'llm',
    'model',
    'web/src/api.ts',
    "Argument of type 'string' is not assignable to parameter of type 'number'.",
  ),
  f(
    'mypy',
    'arg-type',
    'type',
    'llm',
    'model',
    'src/app/parse.py',
    'Argument 1 to "parse" has incompatible type "str | None"; expected "str"',
  ),
  f('gofmt', '', 'format', 'deterministic', 'gofmt', 'cmd/server/main.go', 'file is not gofmt-ed'),
  f('pytest', '', 'test', 'none', undefined, 'tests/test_api.py', 'assert response.status_code == 201'),
  f(
    'go',
    'vet',
    'lint',
    'none',
    undefined,
    'internal/queue/queue.go',
    'printf: Sprintf format %d has arg of wrong type string',
  ),
];

export const MODEL_STRATEGY = 'model:anthropic/claude-sonnet-4-5';

export const hex = (text: string, length: number) =>
  createHash('sha1').update(text).digest('hex').slice(0, length);

/** The pull request a job worked on. */
export interface Where {
  repo: string;
  pr: number;
  headSha: string;
  headBranch: string;
  /** The pull request's title. */
  title: string;
  failedJobs: string[];
  hostile: boolean;
}

/** The fix memory's record of one finding's try (pipeline/fix-memory.ts `memoryRecords` writes these). */
export function memoryRecord(w: Where, d: Finding, commit: string | undefined, usd: number): FixRecord {
  const extension = d.path?.split('.').pop();
  const language = extension === 'py' ? 'python' : extension === 'go' ? 'go' : 'typescript';
  return {
    repo: w.repo,
    pr: w.pr,
    headSha: w.headSha,
    signature: {
      id: hex(`${d.tool} ${d.code} ${d.message}`, 16),
      tool: d.tool,
      code: d.code ?? '',
      language,
      pattern: d.message,
    },
    strategy: d.fixer === 'model' ? MODEL_STRATEGY : `tool:${d.fixer}`,
    ...(d.path ? { path: d.path } : {}),
    result: !d.fixed ? 'failed' : commit ? 'published' : 'kept',
    ...(d.fixed ? {} : { reason: 'the check still failed after its change' }),
    ...(commit && d.fixed ? { commit } : {}),
    costUsd: d.fixer === 'model' ? usd : 0,
    inputTokens: 0,
    outputTokens: 0,
    ms: 2000,
  };
}

type Step = JobEvent;

/** The progress events of a job that got as far as fixing, spread over its duration. */
export function progress(
  w: Where,
  findings: Finding[],
  fixers: { tried: string[]; kept: string[]; commits: string[] },
  end: { outcome: string; reason: string; durationMs: number },
): ProgressEvent[] {
  const files = [...new Set(findings.map((d) => d.path!))];
  const steps: Step[] = [
    { type: 'pr-failed-jobs', head: w.headSha, jobs: w.failedJobs },
    { type: 'check-chosen', commands: ['just check'], reason: 'the justfile has a check recipe' },
    { type: 'checked', passed: false, diagnostics: findings.length },
    {
      type: 'planned',
      steps: fixers.tried.length,
      model: fixers.tried.includes('model') ? 1 : 0,
      notFixable: findings.filter((d) => d.fixability === 'none').length,
    },
    ...fixers.tried.flatMap((fixer): Step[] => [
      fixer === 'model'
        ? { type: 'model-attempt', client: 'anthropic', model: 'claude-sonnet-4-5', attempt: 1, of: 2, files }
        : { type: 'step', fixer, command: [fixer.split('-')[0]!, '--fix', '.'], files },
      { type: 'validating', after: fixer, files },
    ]),
    ...fixers.commits.map((sha, n): Step => ({
      type: 'committed',
      subject: w.hostile
        ? `fix(lint): ${XSS_SCRIPT}`
        : `fix(${fixers.kept[n]}): findings fixed (${sha.slice(0, 7)})`,
    })),
    ...(fixers.commits.length
      ? [{ type: 'published', summary: `${fixers.commits.length} commit(s) to ${w.headBranch}` } as Step]
      : []),
    { type: 'pr-ended', outcome: end.outcome, reason: end.reason },
  ];
  return steps.map(
    (e, n) => ({ ...e, elapsedMs: Math.round((end.durationMs * n) / steps.length) }) as ProgressEvent,
  );
}
