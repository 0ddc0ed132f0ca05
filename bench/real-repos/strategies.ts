import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { START, changedFiles } from './clone-case.js';
import { execCommand, runCheck, type CommandResult } from './exec-command.js';
import type { RealCase } from './real-case.js';

export const STRATEGIES = ['nothing', 'blind', 'autofix', 'reference'] as const;
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
  reason?: string;
}

export interface StrategyContext {
  c: RealCase;
  clone: string;
  env: NodeJS.ProcessEnv;
  /** The checkout of ci-autofix whose bin/ci-autofix.js runs (built first). */
  root: string;
  checkTimeout: number;
  fixTimeout: number;
}

/** First lines of a failing output, for the report: enough to see why, never the whole log. */
const firstLines = (out: string, n = 6) =>
  out
    .split('\n')
    .map((l) => l.trimEnd())
    .filter((l) => l.trim() !== '')
    .slice(0, n)
    .map((l) => (l.length > 200 ? `${l.slice(0, 200)}…` : l))
    .join(' ⏎ ');

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
 * flake8, mypy, pylint and tsc have no fix mode, so it does nothing for them.
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
    default:
      return [];
  }
}

/** Scores the tree as it is now: the check green and no file changed outside the failing files. */
function score(ctx: StrategyContext, seconds: number, extra: Partial<StrategyResult>): StrategyResult {
  const check = runCheck(ctx.c.check, ctx.clone, ctx.env, ctx.checkTimeout);
  const changed = changedFiles(ctx.clone, START);
  const outside = changed.filter((f) => !ctx.c.failing_files.includes(f));
  const pass = check.code === 0 && outside.length === 0;
  let reason = extra.reason;
  if (!pass && !reason) {
    if (check.code !== 0)
      reason = `check still red (exit ${check.code}${check.timedOut ? ', timed out' : ''}): ${firstLines(check.output)}`;
    else reason = `edit outside the failing files: ${outside.join(', ')}`;
  }
  return {
    pass,
    check_exit: check.code,
    seconds: seconds + check.seconds,
    changed,
    outside,
    ...extra,
    reason: pass ? undefined : reason,
  };
}

export function runStrategy(name: Strategy, ctx: StrategyContext): StrategyResult {
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
      const r = execCommand(
        [
          process.execPath,
          join(ctx.root, 'bin/ci-autofix.js'),
          'fix',
          '--cwd',
          ctx.clone,
          '--check',
          ctx.c.check,
          '--format',
          'json',
        ],
        { cwd: ctx.clone, env: ctx.env, timeoutSeconds: ctx.fixTimeout },
      );
      let outcome = `exit ${r.code}${r.timedOut ? ' (timed out)' : ''}`;
      let why: string | undefined;
      let pins: unknown[] | undefined;
      try {
        const json = JSON.parse(
          r.stdout.slice(r.stdout.indexOf('{'), r.stdout.lastIndexOf('}') + 1),
        ) as FixJson;
        outcome = json.outcome ?? outcome;
        why = autofixWhy(json);
        pins = json.pins;
      } catch {
        why = `no JSON from ci-autofix: ${firstLines(r.output, 4)}`;
      }
      const scored = score(ctx, r.seconds, { outcome, ...(pins ? { pins } : {}) });
      if (!scored.pass && why) scored.reason = `${scored.reason} — ci-autofix ${outcome}: ${why}`;
      return scored;
    }
  }
}

/** The parts of `fix --format json` (DESIGN.md §3) the report quotes; read loosely, the CLI moves on. */
interface FixJson {
  outcome?: string;
  fixes?: Array<{ fixer?: string; files?: string[] }>;
  dropped?: Array<{ fixer?: string; files?: string[]; reason?: string }>;
  remaining?: Array<{
    message?: string;
    location?: { path?: string };
    source?: { name?: string };
    code?: { value?: string };
    fixability?: string;
    reason?: string;
  }>;
  plan?: { steps?: Array<{ fixer?: string }>; notes?: string[] };
  notes?: string[];
  pins?: unknown[];
}

/** What ci-autofix itself says about a run that did not end green: dropped fixes, what remains, notes. */
function autofixWhy(json: FixJson): string | undefined {
  const parts: string[] = [];
  const kept = (json.fixes ?? []).map((f) => f.fixer).filter(Boolean);
  parts.push(`kept [${kept.join(', ')}]`);
  for (const d of json.dropped ?? [])
    parts.push(`dropped ${d.fixer ?? '?'}: ${(d.reason ?? '').slice(0, 240)}`);
  const rest = json.remaining ?? [];
  if (rest.length) {
    const shown = rest.slice(0, 3).map((d) => {
      const code = d.code?.value ? ` ${d.code.value}` : '';
      const verdict = `${d.fixability ?? ''}${d.reason ? `: ${d.reason.slice(0, 80)}` : ''}`;
      return `${d.source?.name ?? '?'}${code} ${d.location?.path ?? ''}: ${(d.message ?? '').slice(0, 80)} [${verdict}]`;
    });
    parts.push(`${rest.length} remaining: ${shown.join('; ')}`);
  } else if (!(json.plan?.steps ?? []).length) parts.push('no fix planned');
  const notes = [...(json.plan?.notes ?? []), ...(json.notes ?? [])].slice(0, 2);
  if (notes.length) parts.push(`notes: ${notes.map((n) => n.slice(0, 160)).join(' / ')}`);
  return parts.join('; ');
}
