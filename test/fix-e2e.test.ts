import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, repoRoot } from './helpers/cli.js';
import { allToolsPath, exampleRepo, git, toolsPath } from './helpers/example-repo.js';
import { haveJust } from './helpers/tools-present.js';

if (process.env.CI && !haveJust)
  throw new Error('just is missing on this CI machine; .ci/run installs it (npm package rust-just)');

const fix = (dir: string, ...args: string[]) =>
  cli(['fix', '--cwd', dir, ...args], { env: { PATH: toolsPath } });
const head = (dir: string) => git(dir, 'rev-parse', 'HEAD').trim();

interface Outcome {
  outcome: string;
  fixes: Array<{ fixer: string; files: string[]; commit?: string; fixed: unknown[] }>;
  dropped: Array<{ fixer: string; reason: string }>;
  tried: Array<{ strategy: string; kept: boolean; findings: unknown[] }>;
  commits: string[];
  validation: {
    check: { source: string };
    before: { passed: boolean };
    after: { passed: boolean; diagnostics: number };
  };
  remaining: Array<{ source: { name: string }; fixability: string }>;
  worktree?: { dir: string; diff: string };
}

describe.skipIf(!haveJust)(
  'ci-autofix fix on the Python example (real ruff, mypy, pytest, just, git)',
  () => {
    it('partial: formats and fixes lint in two commits, leaves the type error for a model and the failing assertion for a person', () => {
      const dir = exampleRepo('python-service');
      const before = head(dir);
      const r = fix(dir, '--format', 'json');
      expect(r.code).toBe(1);
      const o = JSON.parse(r.stdout) as Outcome;
      expect(o.outcome).toBe('partial');
      expect(o.validation.check.source).toBe('justfile');
      expect(o.fixes.map((f) => [f.fixer, f.files])).toEqual([
        ['ruff-format', ['src/inventory/models.py']],
        ['ruff-check', ['src/inventory/service.py']],
      ]);
      expect(o.remaining.map((d) => `${d.source.name}/${d.fixability}`).sort()).toEqual([
        'mypy/llm',
        'pytest/none',
      ]);
      // The branch moved by exactly the two fix commits, each marked as ci-autofix's.
      expect(git(dir, 'rev-list', `${before}..HEAD`).trim().split('\n')).toEqual([...o.commits].reverse());
      const log = git(dir, 'log', '--format=%s%n%b%n--', `${before}..HEAD`);
      expect(log).toContain('style: format 1 file(s) with ruff format');
      expect(log).toContain('fix(lint): fix 2 finding(s) with ruff check --fix (F401, I001)');
      expect(log).toMatch(/Tool: ruff \d+\.\d+\.\d+/);
      expect(log.match(/^CI-Autofix: /gm)).toHaveLength(2);
      // What the fix memory reads back from a commit: its strategy and each fixed finding's signature and
      // code; the same in the JSON's tries.
      expect(log.match(/^CI-Autofix-Strategy: tool:ruff-(format|check)$/gm)).toHaveLength(2);
      const findings = log.match(/^CI-Autofix-Finding: [0-9a-f]{16} [0-9a-f]{16}$/gm) ?? [];
      expect(findings).toHaveLength(3);
      expect(o.tried.map((t) => [t.strategy, t.kept, t.findings.length])).toEqual([
        ['tool:ruff-format', true, 1],
        ['tool:ruff-check', true, 2],
      ]);
      expect(readFileSync(join(dir, 'src/inventory/service.py'), 'utf8')).not.toContain('import os');
      expect(git(dir, 'status', '--porcelain')).toBe('');
      expect(git(dir, 'worktree', 'list').trim().split('\n')).toHaveLength(1);
    });

    it('fixed: only formatting and lint broke, so the check ends green and the exit code is 0', () => {
      const dir = exampleRepo('python-service', (d) => {
        const p = join(d, 'src/inventory/service.py');
        writeFileSync(
          p,
          readFileSync(p, 'utf8')
            .replace(
              'from collections import defaultdict\n\n',
              'import json\nfrom collections import defaultdict\n\n',
            )
            .replace('return reservation', 'return   reservation'),
        );
      });
      const r = fix(dir, '--format', 'json');
      const o = JSON.parse(r.stdout) as Outcome;
      expect(o.outcome).toBe('fixed');
      expect(r.code).toBe(0);
      expect(o.validation.after).toMatchObject({ passed: true, diagnostics: 0 });
    });

    it('not-fixable: only a wrong assertion fails; nothing is committed and the reason is given', () => {
      const dir = exampleRepo('python-service', (d) => {
        const p = join(d, 'src/inventory/service.py');
        writeFileSync(
          p,
          readFileSync(p, 'utf8').replace(
            'self.stock[sku] -= quantity\n',
            'self.stock[sku] -= quantity - 1\n',
          ),
        );
      });
      const before = head(dir);
      const r = fix(dir);
      expect(r.code).toBe(1);
      expect(r.stdout).toContain('outcome: not-fixable');
      expect(r.stdout).toContain('a failing assertion is a logic error');
      expect(head(dir)).toBe(before);
    });

    it('plans from a CI log given with --log, and validates with the check', () => {
      const dir = exampleRepo('python-service');
      const log = join(dir, '..', `${dir.split('/').pop()}-ci.log`);
      // The CI log of the failing run: just the ruff lines, as a ruff step would print them.
      writeFileSync(
        log,
        'src/inventory/service.py:1:1: I001 [*] Import block is un-sorted or un-formatted\nsrc/inventory/service.py:2:8: F401 [*] `os` imported but unused\nFound 2 errors.\n',
      );
      const o = JSON.parse(fix(dir, '--log', log, '--format', 'json').stdout) as Outcome;
      expect(o.fixes.map((f) => f.fixer)).toEqual(['ruff-check']);
      expect(o.outcome).toBe('partial');
    });

    it('validation-failed: a fixer that breaks something is dropped and nothing is committed', () => {
      const dir = exampleRepo('python-service', (d) => {
        const p = join(d, 'src/inventory/service.py');
        writeFileSync(p, `import os\n${readFileSync(p, 'utf8')}`);
        writeFileSync(
          join(d, '.ci-autofix.yml'),
          [
            'fixers:',
            '  disable: [ruff-check, ruff-format]',
            '  custom:',
            '    - name: breaker',
            '      applies_to: { tool: ruff, code: F401 }',
            '      command: ["sh", "-c", "printf \'x = undefined_name\\\\n\' >> \\"$0\\"", "{files}"]',
            '',
          ].join('\n'),
        );
        git(d, 'add', '.ci-autofix.yml');
      });
      const before = head(dir);
      const r = fix(dir, '--format', 'json');
      const o = JSON.parse(r.stdout) as Outcome;
      expect(o.outcome).toBe('validation-failed');
      expect(o.dropped).toEqual([
        expect.objectContaining({
          fixer: 'breaker',
          reason: expect.stringContaining('new diagnostic(s) appeared'),
        }),
      ]);
      expect(head(dir)).toBe(before);
      expect(r.code).toBe(1);
    });

    it('the safety policy drops a fix that touches a protected path', () => {
      const dir = exampleRepo('python-service', (d) => {
        const p = join(d, 'src/inventory/service.py');
        writeFileSync(p, `import os\n${readFileSync(p, 'utf8')}`);
        writeFileSync(
          join(d, '.ci-autofix.yml'),
          'fixers:\n  disable: [ruff-check, ruff-format]\n  custom:\n    - name: sneaky\n      applies_to: { code: F401 }\n      command: ["sh", "-c", "echo evil >> pyproject.toml"]\n',
        );
        git(d, 'add', '.ci-autofix.yml');
      });
      const o = JSON.parse(fix(dir, '--format', 'json').stdout) as Outcome;
      expect(o.dropped[0]!.reason).toContain('pyproject.toml is protected');
      expect(readFileSync(join(dir, 'pyproject.toml'), 'utf8')).not.toContain('evil');
    });

    it('--dry-run prints the plan and changes nothing; --no-commit leaves the diff in a worktree', () => {
      const dir = exampleRepo('python-service');
      const before = head(dir);
      const dry = fix(dir, '--dry-run');
      expect(dry.stdout).toContain('outcome: nothing-to-fix');
      expect(
        JSON.parse(fix(dir, '--dry-run', '--format', 'json').stdout).plan.steps.map(
          (s: { fixer: string }) => s.fixer,
        ),
      ).toEqual(['ruff-format', 'ruff-check']);
      expect(head(dir)).toBe(before);
      const o = JSON.parse(fix(dir, '--no-commit', '--format', 'json').stdout) as Outcome;
      expect(head(dir)).toBe(before);
      expect(o.commits).toEqual([]);
      expect(o.worktree!.diff).toContain('-import os');
      expect(existsSync(o.worktree!.dir)).toBe(true);
    });

    it('review mode (auto_approve: false) puts the commits on a fix branch and leaves yours alone', () => {
      const dir = exampleRepo('python-service', (d) => {
        writeFileSync(join(d, '.ci-autofix.yml'), 'auto_approve: false\n');
        git(d, 'add', '.ci-autofix.yml');
        git(d, 'apply', join(repoRoot, 'examples/python-service/failing.patch'));
      });
      const before = head(dir);
      const o = JSON.parse(fix(dir, '--format', 'json').stdout) as Outcome & { branch: string };
      expect(head(dir)).toBe(before);
      expect(o.branch).toBe(`ci-autofix/fix-${before.slice(0, 8)}`);
      expect(git(dir, 'rev-parse', o.branch).trim()).toBe(o.commits.at(-1));
    });

    it('refuses a dirty working tree, with a message', () => {
      const dir = exampleRepo('python-service');
      writeFileSync(join(dir, 'README.md'), 'work in progress\n');
      const r = fix(dir);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain('has uncommitted changes; commit or stash them first');
    });

    it('two concurrent runs on one repository do not corrupt it', async () => {
      const dir = exampleRepo('python-service');
      const before = head(dir);
      const { spawn } = await import('node:child_process');
      const run = () =>
        new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
          const p = spawn(
            process.execPath,
            [join(import.meta.dirname, '../bin/ci-autofix.js'), 'fix', '--cwd', dir, '--format', 'json'],
            { env: { ...process.env, PATH: toolsPath } },
          );
          let stdout = '';
          let stderr = '';
          p.stdout.on('data', (b) => (stdout += b));
          p.stderr.on('data', (b) => (stderr += b));
          p.on('close', (code) => resolve({ code, stdout, stderr }));
        });
      const [a, b] = await Promise.all([run(), run()]);
      const results = [a, b];
      // One run moves the branch; the other either finds it moved (and changes nothing) or, if it ran second,
      // finds the lint already fixed.
      const advanced = results.filter(
        (r) =>
          r.stdout && (JSON.parse(r.stdout) as Outcome).commits.length > 0 && !r.stderr.includes('moved'),
      );
      expect(advanced.length).toBeGreaterThanOrEqual(1);
      expect(git(dir, 'fsck', '--no-dangling', '--no-progress').trim()).toBe('');
      expect(git(dir, 'status', '--porcelain')).toBe('');
      expect(git(dir, 'worktree', 'list').trim().split('\n')).toHaveLength(1);
      expect(git(dir, 'rev-list', '--count', `${before}..HEAD`).trim()).toBe('2');
    });
  },
);

describe.skipIf(!haveJust)(
  'ci-autofix fix on the TypeScript example (real tsc, eslint, prettier, vitest)',
  () => {
    it('partial: prettier then eslint --fix, each its own commit; type errors and an unused import for a model, failing assertions for a person', () => {
      const dir = exampleRepo('typescript-package');
      const r = cli(['fix', '--cwd', dir, '--format', 'json'], { env: { PATH: allToolsPath } });
      const o = JSON.parse(r.stdout) as Outcome;
      expect(o.outcome).toBe('partial');
      expect(o.fixes.map((f) => [f.fixer, f.files, f.fixed.length])).toEqual([
        ['prettier', ['src/cart.ts'], 1],
        ['eslint', ['src/cart.ts'], 2],
      ]);
      expect(o.remaining.map((d) => `${d.source.name}/${d.fixability}`).sort()).toEqual([
        'eslint/llm',
        'tsc/llm',
        'tsc/llm',
        'vitest/none',
        'vitest/none',
      ]);
      const source = readFileSync(join(dir, 'src/cart.ts'), 'utf8');
      expect(source).toContain("import type { Money } from './money.js';");
      expect(source).toContain('const cents = ');
      expect(git(dir, 'ls-files')).not.toContain('node_modules');
    });
  },
);
