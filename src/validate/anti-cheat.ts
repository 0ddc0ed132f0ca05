import picomatch from 'picomatch';
import { checkConfigChange } from './check-config.js';
import type { Hunk } from './diff-hunks.js';
import { addedSuppressions } from './suppressions.js';

/** Who made a change: a tool's own fix mode (or the repository's custom fixer), or a model or agent. */
export type FixAuthor = 'tool' | 'model';

export interface AntiCheatPolicy {
  /** Rules (`E501`, `mypy:import-untyped`) a fix may add a suppression for. */
  allow_suppressions: string[];
  /** Check configuration files (globs) a fix may change. */
  allow_config: string[];
}

export interface CheatViolation {
  rule: 'suppression' | 'check-config';
  path: string;
  message: string;
}

/**
 * The anti-cheat gate on one changed file: a fix corrects what a tool reports, it does not silence the
 * tool. Added suppressions (`suppressions.ts`) are refused unless the rule's own fixer made them (a
 * tool's fix mode) or every rule they name is allowed; changed check configuration is refused unless
 * the file is allowed, or a tool's fix mode changed it for findings in it (`targeted`). `before`/`after` are the texts ('' for a file added or deleted).
 */
export function cheatsIn(
  path: string,
  texts: { before: string; after: string },
  hunks: Hunk[],
  policy: AntiCheatPolicy,
  author: FixAuthor,
  targeted = false,
): CheatViolation[] {
  const found: CheatViolation[] = [];
  const allowedConfig = policy.allow_config.length
    ? picomatch(policy.allow_config, { dot: true })
    : () => false;
  const config = checkConfigChange(path, texts.before, texts.after, hunks);
  // A tool fixing findings in the file itself (prettier formatting eslint.config.js) is the rule's own fixer.
  if (config && !allowedConfig(path) && !(author === 'tool' && targeted))
    found.push({
      rule: 'check-config',
      path,
      message: `${config}: changes lint, type or test configuration; a fix corrects the code, it does not relax the check (safety.allow_config names files a fix may change)`,
    });
  if (author === 'tool') return found;
  for (const { entry, added } of addedSuppressions(
    path,
    texts.before,
    texts.after,
    new Set(policy.allow_suppressions),
  ))
    found.push({
      rule: 'suppression',
      path,
      message: `${path}: adds ${added > 1 ? `${added} × ` : ''}${entry.what} (${entry.tool}); a fix corrects the code, it does not silence the tool (safety.allow_suppressions names rules it may)`,
    });
  return found;
}
