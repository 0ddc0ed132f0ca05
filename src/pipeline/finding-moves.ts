import type { Diagnostic } from '../domain/index.js';

/** Line numbers move when a file is reformatted; a failure is the same failure at another line. */
export const sameFailure = (d: Diagnostic) =>
  [d.source.name, d.location?.path ?? '', d.code?.value ?? '', d.message].join('\u0000');

export interface GroupProgress {
  /** Not reported any more. */
  fixed: Diagnostic[];
  /** Reported on the same code as before (its line, or the same text shifted). */
  still: Diagnostic[];
  /** Reported again by the same tool and code, on other code: a tool that reports only its first error moved on. */
  moved: Array<{ from: Diagnostic; to: Diagnostic }>;
}

const lineOf = (d: Diagnostic) => d.location?.range?.start.line;

/**
 * Where each finding of `group` went after an edit, given the files' texts before it (`before`, by path)
 * and `read` for after. A finding is still there when the same failure is reported at its old line or
 * on the same line of code shifted; it moved when the same failure is reported only on other code (the
 * old line now clean) — progress, which a comparison without lines calls "still reported".
 */
export function trackGroup(
  group: Diagnostic[],
  after: Diagnostic[],
  before: ReadonlyMap<string, string[]>,
  read: (file: string) => string | undefined,
): GroupProgress {
  const result: GroupProgress = { fixed: [], still: [], moved: [] };
  const claimed = new Set<Diagnostic>();
  const nowLines = new Map<string, string[]>();
  const now = (file: string) => {
    if (!nowLines.has(file)) nowLines.set(file, (read(file) ?? '').split('\n'));
    return nowLines.get(file)!;
  };
  const sameCode = (d: Diagnostic, a: Diagnostic) => {
    const [from, to] = [lineOf(d), lineOf(a)];
    if (from === undefined || to === undefined || from === to) return true;
    const old = before.get(d.location!.path)?.[from - 1];
    return old !== undefined && old.trim() !== '' && now(d.location!.path)[to - 1] === old;
  };
  const pending: Diagnostic[] = [];
  for (const d of group) {
    const same = after.filter((a) => !claimed.has(a) && sameFailure(a) === sameFailure(d));
    const here = same.find((a) => sameCode(d, a));
    if (here) {
      claimed.add(here);
      result.still.push(d);
    } else if (same.length) pending.push(d);
    else result.fixed.push(d);
  }
  for (const d of pending) {
    const to = after.find((a) => !claimed.has(a) && sameFailure(a) === sameFailure(d));
    if (!to) result.fixed.push(d);
    else {
      claimed.add(to);
      result.moved.push({ from: d, to });
    }
  }
  return result;
}
