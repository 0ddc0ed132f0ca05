import { START, changedFiles } from './clone-case.js';
import { runCheck } from './exec-command.js';
import type { StrategyContext, StrategyResult } from './strategies.js';

/** First lines of a failing output, for the report: enough to see why, never the whole log. */
export const firstLines = (out: string, n = 6) =>
  out
    .split('\n')
    .map((l) => l.trimEnd())
    .filter((l) => l.trim() !== '')
    .slice(0, n)
    .map((l) => (l.length > 200 ? `${l.slice(0, 200)}…` : l))
    .join(' ⏎ ');

/** Scores the tree as it is now: the check green and no file changed outside the failing files. */
export function score(ctx: StrategyContext, seconds: number, extra: Partial<StrategyResult>): StrategyResult {
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
