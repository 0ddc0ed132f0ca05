import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { autofixArgv, readFixJson } from './autofix-json.js';
import { referenceHunks } from './double/reference.js';
import { startModelDouble } from './double/server.js';
import { summarize, unfixedReason } from './double/summary.js';
import { execCommandAsync } from './exec-command.js';
import { score } from './score.js';
import type { StrategyContext, StrategyResult } from './strategies.js';

/** Any model credential or endpoint of the machine: the run must reach the double and nothing else. */
const MODEL_ENV = /^(ANTHROPIC|OPENAI|CLAUDE|CODEX|AZURE_OPENAI|GEMINI|GOOGLE_API|MISTRAL|GROQ)_/;

/** The environment of a ci-autofix run whose model is the double (a placeholder key, never a real one). */
export function doubleEnv(env: NodeJS.ProcessEnv, url: string, stateDir: string): NodeJS.ProcessEnv {
  const out: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(env)) if (!MODEL_ENV.test(k)) out[k] = v;
  out.ANTHROPIC_API_KEY = 'model-double';
  out.ANTHROPIC_BASE_URL = url;
  // The double's "spending" must not count against this machine's per-day budget, nor earlier runs' against it.
  out.CI_AUTOFIX_STATE_DIR = stateDir;
  out.NO_PROXY = ['127.0.0.1', out.NO_PROXY].filter(Boolean).join(',');
  return out;
}

/**
 * `model-double`: ci-autofix with a model that knows the case's reference fix and may edit only the lines
 * it was shown (double/server.ts), then the check, scored like `autofix`. What it measures is ci-autofix's
 * context, edit handling, validation and commits, not a model's judgement.
 */
export async function runModelDouble(ctx: StrategyContext): Promise<StrategyResult> {
  const { c } = ctx;
  const hunks = referenceHunks(ctx.mirror, c.failing_commit, c.fix_commit, c.failing_files);
  const double = await startModelDouble(hunks);
  const state = mkdtempSync(join(tmpdir(), 'real-repos-spend-'));
  try {
    const r = await execCommandAsync(autofixArgv(ctx), {
      cwd: ctx.clone,
      env: doubleEnv(ctx.env, double.url, state),
      timeoutSeconds: ctx.fixTimeout,
    });
    const read = readFixJson(r.stdout, r.output, `exit ${r.code}${r.timedOut ? ' (timed out)' : ''}`);
    const model = summarize(double.requests, hunks, read.json);
    const scored = score(ctx, r.seconds, { outcome: read.outcome, model });
    if (!scored.pass)
      scored.reason = unfixedReason(
        model,
        `${scored.reason} — ci-autofix ${read.outcome}: ${read.why ?? ''}`,
      );
    return scored;
  } finally {
    await double.close();
    rmSync(state, { recursive: true, force: true });
  }
}
