import { afterEach, describe, expect, it } from 'vitest';
import { backends, createTestDatabase, type TestDatabase } from '../../test/helpers/databases.js';
import type { Diagnostic } from '../domain/index.js';
import { memoryRecords } from '../pipeline/fix-memory.js';
import type { TriedFix } from '../pipeline/fix-job.js';
import { findingsOf } from '../pipeline/outcome.js';
import { StoreFixMemory } from './fix-memory.js';

const unused = (path: string, name: string): Diagnostic => ({
  message: `\`${name}\` imported but unused`,
  severity: 'error',
  source: { name: 'ruff' },
  code: { value: 'F401' },
  location: { path, range: { start: { line: 1 } } },
  category: 'import',
  fixability: 'deterministic',
  log: { step: 'lint', lines: [1, 1] },
});
const typeError = (path: string): Diagnostic => ({
  ...unused(path, 'x'),
  message: 'Argument 1 to "add" has incompatible type "str"; expected "int"',
  source: { name: 'mypy' },
  code: { value: 'arg-type' },
  category: 'type',
  fixability: 'llm',
});

/** A job's tries: ruff's fix of two unused imports kept, a model's fix of a type error dropped. */
async function tries(pathPrefix: string, commit = 'c1'): Promise<TriedFix[]> {
  const read = async (path: string) => `import os\nimport sys\n# ${path}\n`;
  const cost = { requests: 2, input_tokens: 3000, output_tokens: 400, usd: 0.02 };
  return [
    {
      strategy: 'tool:ruff',
      findings: await findingsOf(
        [unused(`${pathPrefix}a.py`, 'os'), unused(`${pathPrefix}b.py`, 'sys')],
        read,
      ),
      kept: true,
      commit,
      ms: 800,
    },
    {
      strategy: 'model:anthropic/claude-sonnet-4-5',
      findings: await findingsOf([typeError(`${pathPrefix}c.py`)], read),
      kept: false,
      reason: 'validation: 1 new diagnostic(s) appeared',
      cost,
      ms: 9000,
    },
  ];
}

describe.each(backends)('the fix memory on %s', (backend) => {
  let t: TestDatabase;
  afterEach(async () => t?.drop());

  it('records each finding of each try by signature and strategy; lists, shows and forgets them', async () => {
    t = await createTestDatabase(backend);
    const memory = new StoreFixMemory(t.db);
    const first = memoryRecords(
      { tried: await tries('src/') },
      { repo: 'acme/shop', pr: 7, headSha: 'h1', published: ['c1'] },
    );
    expect(first.map((r) => [r.strategy, r.result, r.path, r.costUsd])).toEqual([
      ['tool:ruff', 'published', 'src/a.py', 0],
      ['tool:ruff', 'published', 'src/b.py', 0],
      ['model:anthropic/claude-sonnet-4-5', 'failed', 'src/c.py', 0.02],
    ]);
    // The code each finding is about, modulo layout: line 1 and the next of the same file text.
    expect(first[0]!.code).toMatch(/^[0-9a-f]{16}$/);
    await memory.record(first);
    // The same kinds of finding in other files, in another PR and another repository.
    await memory.record(
      memoryRecords(
        { tried: await tries('lib/') },
        { repo: 'acme/shop', pr: 8, headSha: 'h2', published: [] },
      ),
    );
    await memory.record(
      memoryRecords(
        { tried: await tries('') },
        { repo: 'acme/other', pr: 1, headSha: 'h3', published: ['c1'] },
      ),
    );

    const shop = await memory.list('acme/shop');
    expect(shop.map((e) => [e.tool, e.code, e.strategy, e.tried, e.kept, e.published])).toEqual(
      expect.arrayContaining([
        ['ruff', 'F401', 'tool:ruff', 4, 4, 2],
        ['mypy', 'arg-type', 'model:anthropic/claude-sonnet-4-5', 2, 0, 0],
      ]),
    );
    expect(shop).toHaveLength(2);
    const f401 = shop.find((e) => e.code === 'F401')!;
    expect(f401.pattern).toBe('<q> imported but unused');

    // Had the signature been seen in the repository before? Not in the first job, yes in the second,
    // and not in the other repository (memory is per repository).
    const had = await t.db.query<{ repo: string; pr: number; had: boolean }>(
      `SELECT r.full_name AS repo, m.pr, bool_and(m.had_memory) AS had FROM autofix.fix_memory m
       JOIN autofix.repositories r ON r.id = m.repository_id GROUP BY 1, 2 ORDER BY 1, 2`,
    );
    expect(had.rows.map((r) => [r.repo, r.pr, r.had])).toEqual([
      ['acme/other', 1, false],
      ['acme/shop', 7, false],
      ['acme/shop', 8, true],
    ]);

    const shown = await memory.show(f401.signature);
    expect(shown.entries.map((e) => e.repository).sort()).toEqual(['acme/other', 'acme/shop']);
    expect(shown.rows.map((r) => [r.repository, r.pr, r.path, r.result])).toContainEqual([
      'acme/shop',
      8,
      'lib/a.py',
      'kept',
    ]);

    expect(await memory.forget({ repo: 'acme/other' })).toBe(3);
    expect(await memory.forget({ signature: f401.signature })).toBe(4);
    expect((await memory.list()).map((e) => [e.repository, e.code])).toEqual([['acme/shop', 'arg-type']]);
  });
});

describe.each(backends)("the fix memory's verdicts on %s", (backend) => {
  let t: TestDatabase;
  afterEach(async () => t?.drop());

  it('learns what people did: a revert rejects a fix for its code, a merge accepts the rest, a streak of failures skips a strategy', async () => {
    t = await createTestDatabase(backend);
    const memory = new StoreFixMemory(t.db);
    const published = await tries('src/');
    await memory.record(
      memoryRecords({ tried: published }, { repo: 'acme/shop', pr: 7, headSha: 'h1', published: ['c1'] }),
    );
    expect(await memory.avoid('acme/shop')).toEqual([]);

    // A person reverts the fix commit c1: its two findings' records are rejected, for their code only.
    expect(await memory.judge('acme/shop', ['c1'], 'rejected', 'reverted in #7 by abc1234')).toBe(2);
    const avoid = await memory.avoid('acme/shop');
    const aimed = published[0]!.findings;
    expect(avoid.map((a) => [a.signature, a.code, a.strategy])).toEqual([
      [aimed[0]!.signature.id, aimed[0]!.code, 'tool:ruff'],
      ...(aimed[1]!.code === aimed[0]!.code ? [] : [[aimed[1]!.signature.id, aimed[1]!.code, 'tool:ruff']]),
    ]);
    expect(avoid[0]!.reason).toBe('a person rejected this fix of the same code before (#7, commit c1)');
    // Nothing rejected waits for a verdict; another repository knows nothing of it.
    expect(await memory.pending('acme/shop', 7)).toEqual([]);
    expect(await memory.avoid('acme/other')).toEqual([]);

    // The model failed its type fix in three jobs in a row: skipped for the signature, whatever the code.
    for (const pr of [8, 9]) {
      await memory.record(
        memoryRecords(
          { tried: await tries(`p${pr}/`, `c${pr}`) },
          { repo: 'acme/shop', pr, headSha: `h${pr}`, published: [`c${pr}`] },
        ),
      );
    }
    const streak = (await memory.avoid('acme/shop')).filter((a) => a.strategy.startsWith('model:'));
    expect(streak).toHaveLength(1);
    expect(streak[0]!.code).toBeUndefined();
    expect(streak[0]!.reason).toContain('the last 3 times');
    // PRs 8 and 9 merged: their published ruff fixes were accepted.
    for (const pr of [8, 9]) expect(await memory.pending('acme/shop', pr)).toEqual([`c${pr}`]);
    expect(await memory.judge('acme/shop', ['c8', 'c9'], 'accepted', 'merged')).toBe(4);
    const f401 = (await memory.list('acme/shop')).find((e) => e.code === 'F401')!;
    expect([f401.accepted, f401.rejected]).toEqual([4, 2]);
    // Verdicts per fix commit, for the order strategies are tried in: c1 rejected, c8 and c9 accepted.
    const byCommit = (await memory.acceptance('acme/shop')).find(
      (a) => a.signature === f401.signature && a.strategy === f401.strategy,
    );
    expect(byCommit).toEqual({
      signature: f401.signature,
      strategy: f401.strategy,
      own: true,
      accepted: 2,
      rejected: 1,
    });
    expect(await memory.acceptance('acme/other')).toEqual([]);
  });
});

describe.each(backends)("the fix memory's sharing on %s", (backend) => {
  let t: TestDatabase;
  afterEach(async () => t?.drop());

  it('memory.share: organisation lends and reads accepted fixes and rejections among the owner’s repositories that say so', async () => {
    t = await createTestDatabase(backend);
    const memory = new StoreFixMemory(t.db);
    // acme/shop's model fix was kept, published and accepted; its ruff fix was rejected.
    const tried = await tries('src/');
    tried[1] = {
      ...tried[1]!,
      kept: true,
      commit: 'c2',
      patch: 'diff --git a/src/c.py b/src/c.py\n@@ -1 +1 @@\n-import os\n+import sys\n',
    };
    await memory.record(
      memoryRecords({ tried }, { repo: 'acme/shop', pr: 1, headSha: 'h1', published: ['c1', 'c2'] }),
    );
    await memory.judge('acme/shop', ['c2'], 'accepted', 'merged');
    await memory.judge('acme/shop', ['c1'], 'rejected', 'reverted');
    const own = await memory.replays('acme/shop');
    expect(own.map((r) => [r.strategy, r.commit])).toEqual([['model:anthropic/claude-sonnet-4-5', 'c2']]);

    // acme/web reads only its own memory until both say organisation; another owner never sees it.
    expect(await memory.replays('acme/web', 'organisation')).toEqual([]);
    await memory.avoid('acme/shop', 'organisation');
    expect((await memory.replays('acme/web', 'organisation')).map((r) => r.commit)).toEqual(['c2']);
    expect((await memory.avoid('acme/web', 'organisation')).map((a) => a.strategy)).toContain('tool:ruff');
    expect(await memory.replays('acme/web')).toEqual([]);
    expect(await memory.replays('other/web', 'organisation')).toEqual([]);
    // acme/shop goes back to repository: it no longer lends its memory.
    await memory.replays('acme/shop', 'repository');
    expect(await memory.replays('acme/web', 'organisation')).toEqual([]);
  });
});
