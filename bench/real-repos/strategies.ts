import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { autofixArgv, readFixJson } from './autofix-json.js';
import type { DoubleSummary } from './double/summary.js';
import { execCommand, type CommandResult } from './exec-command.js';
import { runModelDouble } from './model-double.js';
import type { RealCase } from './real-case.js';
import { score } from './score.js';

export const STRATEGIES = ['nothing', 'blind', 'autofix', 'reference', 'model-double'] as const;
export type Strategy = (typeof STRATEGIES)[number];

export interface StrategyResult {
  pass: boolean;
  /** The check's exit code after the strategy ran. */
  check_exit: number;
  seconds: number;
  changed: string[];
  outside: string[];
  /** ci-autofix's own outcome (autofix only). */
  outcome?: string;
  /** ci-autofix's report of the tools the repository pins and whether those versions ran (autofix only). */
  pins?: unknown[];
  /** The commands the strategy ran besides the check (blind). */
  commands?: string[];
  /** What the model double was asked and could do (model-double only). */
  model?: DoubleSummary;
  reason?: string;
}

export interface StrategyContext {
  c: RealCase;
  clone: string;
  env: NodeJS.ProcessEnv;
  /** The checkout of ci-autofix whose bin/ci-autofix.js runs (built first). */
  root: string;
  /** The git directory of the case's mirror (the model double reads the reference fix from it). */
  mirror: string;
  checkTimeout: number;
  fixTimeout: number;
}

/** Does the project format with `ruff format` (so the blind baseline runs it after `ruff check --fix`)? */
function usesRuffFormat(clone: string, check: string): boolean {
  if (/ruff format/.test(check)) return true;
  return ['.pre-commit-config.yaml', 'Makefile', 'tox.ini', 'noxfile.py', 'justfile', 'package.json'].some(
    (f) => {
      const p = join(clone, f);
      return existsSync(p) && /ruff-format|ruff format/.test(readFileSync(p, 'utf8'));
    },
  );
}

/**
 * The blind baseline: the fix mode of the tool the check runs, on the failing files, no triage.
 * flake8, mypy, pylint, tsc and staticcheck have no fix mode, so it does nothing for them.
 */
export function blindCommands(c: RealCase, clone: string): string[][] {
  const files = c.failing_files.filter((f) => existsSync(join(clone, f)));
  if (files.length === 0) return [];
  switch (c.tool) {
    case 'black':
      return [['black', ...files]];
    case 'isort':
      return [['isort', ...files]];
    case 'ruff-format':
      return [['ruff', 'format', ...files]];
    case 'ruff': {
      const cmds = [['ruff', 'check', '--fix', ...files]];
      if (usesRuffFormat(clone, c.check)) cmds.push(['ruff', 'format', ...files]);
      return cmds;
    }
    case 'prettier':
      return [['prettier', '--write', ...files]];
    case 'eslint':
      return [['eslint', '--fix', ...files]];
    case 'gofmt':
      return [['gofmt', '-w', ...files]];
    case 'gofmt-s':
      return [['gofmt', '-s', '-w', ...files]];
    case 'goimports':
      return [['goimports', '-w', ...files]];
    // staticcheck has no fix mode.
    case 'rustfmt':
      // rustfmt alone parses as Rust 2015; cargo passes the crate's edition.
      return [['cargo', 'fmt', '--all']];
    case 'clippy':
      return [['cargo', 'clippy', '--offline', '--fix', '--allow-dirty', '--allow-staged', '--allow-no-vcs']];
    case 'biome':
      return [['biome', 'check', '--write', ...files]];
    default:
      return [];
  }
}

export async function runStrategy(name: Strategy, ctx: StrategyContext): Promise<StrategyResult> {
  switch (name) {
    case 'nothing':
    case 'reference':
      // `reference` runs on a clone of the fix commit: its check must pass (the case is valid).
      return score(ctx, 0, {});
    case 'blind': {
      let seconds = 0;
      const commands: string[] = [];
      for (const argv of blindCommands(ctx.c, ctx.clone)) {
        const r: CommandResult = execCommand(argv, {
          cwd: ctx.clone,
          env: ctx.env,
          timeoutSeconds: ctx.fixTimeout,
        });
        seconds += r.seconds;
        commands.push(`${argv.slice(0, 3).join(' ')}… → ${r.code}`);
      }
      return score(ctx, seconds, { commands });
    }
    case 'autofix': {
      const r = execCommand(autofixArgv(ctx), {
        cwd: ctx.clone,
        env: ctx.env,
        timeoutSeconds: ctx.fixTimeout,
      });
      const read = readFixJson(r.stdout, r.output, `exit ${r.code}${r.timedOut ? ' (timed out)' : ''}`);
      const pins = read.json?.pins;
      const scored = score(ctx, r.seconds, { outcome: read.outcome, ...(pins ? { pins } : {}) });
      if (!scored.pass && read.why)
        scored.reason = `${scored.reason} — ci-autofix ${read.outcome}: ${read.why}`;
      return scored;
    }
    case 'model-double':
      return runModelDouble(ctx);
  }
}
