import { describe, expect, it } from 'vitest';
import type { Diagnostic } from '../domain/index.js';
import { commitMessage } from './commit-message.js';
import { avoidReverted, revertedFixes, splitAvoided, takenBackFixes } from './memory-plan.js';
import { findingsOf } from './outcome.js';

const unused = (name: string, line: number): Diagnostic => ({
  message: `\`${name}\` imported but unused`,
  severity: 'error',
  source: { name: 'ruff' },
  code: { value: 'F401' },
  location: { path: 'app/util.py', range: { start: { line } } },
  category: 'import',
  fixability: 'deterministic',
  log: { step: 'lint', lines: [line, line] },
});
const file = 'import os\nimport sys\n\n\ndef f():\n    return sys.argv\n';
const read = async () => file;
const sha = (c: string) => c.repeat(40);

/** A fix commit as ci-autofix writes it, and a person's `git revert` of it (git's own message). */
async function history(): Promise<Array<{ sha: string; message: string }>> {
  const ds = [unused('os', 1)];
  const findings = await findingsOf(ds, read);
  const step = {
    fixer: 'ruff-check',
    commit: {
      type: 'fix' as const,
      scope: 'lint',
      verb: 'fix {n} finding(s) with ruff check --fix ({codes})',
    },
    argv: [],
    tool: 'ruff',
    files: ['app/util.py'],
    diagnostics: ds,
  };
  const fix = commitMessage(step, ds, 'ruff 0.16.9', '{type}({scope}): {summary}', {
    strategy: 'tool:ruff-check',
    findings,
  });
  return [
    {
      sha: sha('c'),
      message: `Revert "fix(lint): fix 1 finding(s) with ruff check --fix (F401)"\n\nThis reverts commit ${sha('b')}.\n`,
    },
    { sha: sha('b'), message: fix },
    { sha: sha('a'), message: 'feat: use sys\n' },
  ];
}

describe("the fix memory's plan", () => {
  it("reads a person's revert of a ci-autofix commit from the pull request's history", async () => {
    const reverted = revertedFixes(await history());
    const [finding] = await findingsOf([unused('os', 1)], read);
    expect(reverted).toEqual([
      {
        commit: sha('b'),
        revertedBy: sha('c'),
        strategy: 'tool:ruff-check',
        findings: [{ signature: finding!.signature.id, code: finding!.code }],
      },
    ]);
    // ci-autofix's own revert, or one of a commit that is not ci-autofix's, rejects nothing.
    const own = (await history()).map((c, i) =>
      i === 0 ? { ...c, message: `${c.message}\nCI-Autofix: x\n` } : c,
    );
    expect(revertedFixes(own)).toEqual([]);
    expect(revertedFixes((await history()).filter((c) => c.sha !== sha('b')))).toEqual([]);
  });

  it('skips the reverted strategy for the same code only: other code of the signature, and other strategies, go on', async () => {
    const avoid = avoidReverted(revertedFixes(await history()));
    expect(avoid[0]!.reason).toBe('a person reverted this fix in the pull request (ccccccc reverts bbbbbbb)');
    const same = unused('os', 1);
    const other = unused('sys', 2); // another line: other code
    const findings = await findingsOf([same, other], read);
    const split = splitAvoided([same, other], findings, 'tool:ruff-check', avoid);
    expect(split.tryThese).toEqual([other]);
    expect(split.skipped.map((s) => s.diagnostic)).toEqual([same]);
    expect(splitAvoided([same], findings, 'model:anthropic/claude', avoid).tryThese).toEqual([same]);
    // The same code modulo layout is the same code.
    const moved = await findingsOf(
      [unused('os', 3)],
      async () => `\n\n${file.replace('import os', 'import   os')}`,
    );
    expect(splitAvoided([unused('os', 3)], moved, 'tool:ruff-check', avoid).tryThese).toEqual([]);
  });

  it('a fix whose lines a person undid by hand is taken back like a revert; the newest commit cannot be undone', async () => {
    const [, fix, feat] = await history();
    const undoneBy = { sha: sha('d'), message: 'keep os: the plugin loader needs it\n' };
    const asked: string[] = [];
    const back = await takenBackFixes([undoneBy, fix!, feat!], async (s) => {
      asked.push(s);
      return s === sha('b');
    });
    // Only ci-autofix's commits are checked, and not the newest.
    expect(asked).toEqual([sha('b')]);
    expect(back.map((r) => [r.commit, r.revertedBy, r.strategy])).toEqual([
      [sha('b'), undefined, 'tool:ruff-check'],
    ]);
    expect(avoidReverted(back)[0]!.reason).toBe(
      'a person undid this fix in the pull request (a later commit undid the lines of bbbbbbb)',
    );
    expect(await takenBackFixes([fix!, feat!], async () => true)).toEqual([]);
  });
});
