import { parse as parseYaml } from 'yaml';
import { preCommitTool } from '../tools/catalog-pins.js';
import { toolFor } from '../tools/index.js';

/**
 * A pre-commit configuration as a check that runs offline: `pre-commit run` would first install each
 * hook's environment from the network, which the sandbox does not have. The hooks ci-autofix knows
 * (a tool plugin's `preCommitHooks`) run instead as commands of their own, with the
 * hook's `args`, on the tracked files the hook selects (its types, `files` and `exclude`, and the
 * configuration's own `files` / `exclude`), as pre-commit passes them. The tools' versions are the
 * `rev:`s, which the toolchain installs. Other hooks (mypy with its extra dependencies, local hooks,
 * whitespace fixers) are named in the reason as not run.
 */
interface Hook {
  id?: unknown;
  args?: unknown;
  files?: unknown;
  exclude?: unknown;
}

/** Python's `re` syntax as far as JavaScript shares it; `(?x)` verbose patterns lose their layout. */
function pyRegex(p: unknown): RegExp | undefined {
  if (typeof p !== 'string' || !p || p.length > 4000) return undefined;
  let source = p;
  if (source.startsWith('(?x)'))
    source = source
      .slice(4)
      .split('\n')
      .map((l) => l.replace(/(^|\s)#.*$/, ''))
      .join('')
      .replace(/\s+/g, '');
  try {
    return new RegExp(source);
  } catch {
    return undefined;
  }
}

export interface PreCommitCheck {
  commands: string[][];
  ran: string[];
  skipped: string[];
}

export function preCommitCheck(text: string, tracked: string[]): PreCommitCheck | undefined {
  let doc: { repos?: unknown; files?: unknown; exclude?: unknown } | null;
  try {
    doc = parseYaml(text) as typeof doc;
  } catch {
    return undefined;
  }
  if (!doc || !Array.isArray(doc.repos)) return undefined;
  const topFiles = pyRegex(doc.files);
  const topExclude = pyRegex(doc.exclude);
  const paths = [...tracked]
    .sort()
    .filter(
      (f) => f.length <= 512 && !f.startsWith('-') && (!topFiles || topFiles.test(f)) && !topExclude?.test(f),
    );
  const out: PreCommitCheck = { commands: [], ran: [], skipped: [] };
  for (const repo of doc.repos as Array<{ repo?: unknown; hooks?: unknown }>) {
    const tool = typeof repo?.repo === 'string' ? preCommitTool(repo.repo) : undefined;
    for (const hook of Array.isArray(repo?.hooks) ? (repo.hooks as Hook[]) : []) {
      const id = typeof hook?.id === 'string' ? hook.id : '?';
      // A hook id counts only in the repository of the tool that declares it.
      const known = tool ? toolFor(tool)?.preCommitHooks?.[id] : undefined;
      if (!known) {
        out.skipped.push(id);
        continue;
      }
      const include = pyRegex(hook.files);
      const exclude = pyRegex(hook.exclude);
      const files = paths.filter(
        (f) => known.files.test(f) && (!include || include.test(f)) && !exclude?.test(f),
      );
      if (!files.length) continue;
      const args = Array.isArray(hook.args)
        ? hook.args.filter((a): a is string => typeof a === 'string' && !known.drop?.test(a))
        : [];
      out.commands.push([...known.argv, ...args, ...files]);
      out.ran.push(id);
    }
  }
  return out.commands.length ? out : undefined;
}
