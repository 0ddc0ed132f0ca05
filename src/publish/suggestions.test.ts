import { describe, expect, it } from 'vitest';
import { planSuggestions, zeroContextHunks } from './suggestions.js';

// A PR that changed lines 10-14 of app.py (one hunk) and added util.py.
const prFiles = [
  {
    path: 'app.py',
    status: 'modified',
    patch: '@@ -10,3 +10,5 @@ def f():\n ctx\n-old\n+new1\n+new2\n+new3\n ctx2',
  },
  { path: 'util.py', status: 'added', patch: '@@ -0,0 +1,3 @@\n+import os\n+import sys\n+x=1' },
  { path: 'big.bin', status: 'modified' },
];
const head: Record<string, string[]> = {
  'app.py': Array.from({ length: 20 }, (_, i) => `line ${i + 1}`),
  'util.py': ['import os', 'import sys', 'x=1'],
};
const line = (p: string, n: number) => head[p]?.[n - 1];

const diff = (path: string, hunks: string) =>
  `diff --git a/${path} b/${path}\nindex 1..2 100644\n--- a/${path}\n+++ b/${path}\n${hunks}\n`;

describe('suggestions from a fix', () => {
  it('a change inside the PR diff becomes a suggestion on those lines (multi-line with start_line)', () => {
    const plan = planSuggestions(
      diff('util.py', '@@ -1,2 +1,2 @@\n-import os\n-import sys\n+import os\n+import sys  # sorted'),
      prFiles,
      line,
    );
    expect(plan).toEqual({
      comments: [
        {
          path: 'util.py',
          line: 2,
          startLine: 1,
          body: '```suggestion\nimport os\nimport sys  # sorted\n```',
        },
      ],
    });
  });

  it('a deletion suggests an empty block; an insertion carries the line before it', () => {
    const del = planSuggestions(diff('util.py', '@@ -3 +2,0 @@\n-x=1'), prFiles, line);
    expect(del).toEqual({ comments: [{ path: 'util.py', line: 3, body: '```suggestion\n```' }] });
    const ins = planSuggestions(diff('app.py', '@@ -11,0 +12 @@\n+inserted'), prFiles, line);
    expect(ins).toEqual({
      comments: [{ path: 'app.py', line: 11, body: '```suggestion\nline 11\ninserted\n```' }],
    });
  });

  it('a line outside the PR diff, or a new file, means no suggestions, with the reason', () => {
    expect(planSuggestions(diff('app.py', '@@ -2 +2 @@\n-a\n+b'), prFiles, line)).toEqual({
      reason: "app.py:2 lies outside the pull request's diff",
    });
    // Lines 9-10 straddle the hunk's start (10): 9 is outside.
    expect(planSuggestions(diff('app.py', '@@ -9,2 +9,2 @@\n-a\n-b\n+c\n+d'), prFiles, line)).toHaveProperty(
      'reason',
    );
    const added =
      'diff --git a/n.py b/n.py\nnew file mode 100644\n--- /dev/null\n+++ b/n.py\n@@ -0,0 +1 @@\n+x\n';
    expect(planSuggestions(added, prFiles, line)).toEqual({
      reason: 'the fix adds, removes or renames a file',
    });
  });

  it('content with backticks gets a longer fence', () => {
    const plan = planSuggestions(diff('util.py', '@@ -3 +3 @@\n-x=1\n+x = "```"'), prFiles, line);
    expect(plan).toEqual({
      comments: [{ path: 'util.py', line: 3, body: '````suggestion\nx = "```"\n````' }],
    });
  });

  it('reads hunks of several files', () => {
    const patch = diff('a.py', '@@ -1 +1 @@\n-a\n+b') + diff('b.py', '@@ -4,2 +4 @@\n-c\n-d\n+e');
    expect(zeroContextHunks(patch)).toEqual([
      { path: 'a.py', oldStart: 1, oldCount: 1, added: ['b'] },
      { path: 'b.py', oldStart: 4, oldCount: 2, added: ['e'] },
    ]);
  });
});
