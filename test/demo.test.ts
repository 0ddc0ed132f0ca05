import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, repoRoot } from './helpers/cli.js';

describe('ci-autofix demo', () => {
  it.skipIf(!existsSync(join(repoRoot, '.venv/bin/ruff')))(
    'runs the whole pipeline on the Python example and shows the fix commits',
    () => {
      const r = cli(['demo']);
      expect(r.code).toBe(0);
      expect(r.stdout).toContain('outcome: partial');
      expect(r.stdout).toMatch(
        /^[0-9a-f]{7} fix\(lint\): fix 2 finding\(s\) with ruff check --fix \(F401, I001\)$/m,
      );
      expect(r.stdout).toMatch(/^[0-9a-f]{7} style: format 1 file\(s\) with ruff format$/m);
      expect(r.stderr).toMatch(/validate re-running the check after ruff-format/);
    },
  );

  it.skipIf(!existsSync(join(repoRoot, '.venv/bin/ruff')))(
    'replays a recorded model reply through the real SDK with CI_AUTOFIX_DEMO_MODEL=replay',
    () => {
      const r = cli(['demo'], { env: { CI_AUTOFIX_DEMO_MODEL: 'replay' } });
      expect(r.code).toBe(0);
      expect(r.stdout).toContain('replays a recorded reply through the Anthropic SDK');
      expect(r.stdout).toMatch(/^[0-9a-f]{7} fix\(type\): fix 1 finding\(s\) with a model \(misc\)$/m);
      // The bundle found its tree-sitter grammars (dist/bundle/tree-sitter/): the excerpts are statements.
      expect(r.stderr).not.toContain('tree-sitter did not load');
    },
  );

  it('names the command that installs a missing tool', () => {
    const r = cli(['demo'], { env: { PATH: '/nonexistent' } });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('the python example needs tools that are not installed:');
    expect(r.stderr).toContain('just: npm install -g rust-just');
  });

  it('refuses an unknown example', () => {
    const r = cli(['demo', 'cobol']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('no example "cobol"; try: python');
  });
});
