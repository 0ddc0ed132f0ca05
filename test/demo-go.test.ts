import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { cli } from './helpers/cli.js';

/** `ci-autofix demo go` on the bundled Go module (examples/go-module), with the real Go tools. */
const has = (program: string, ...args: string[]) => {
  try {
    execFileSync(program, args, { stdio: 'pipe' });
    return true;
  } catch {
    return false;
  }
};
const goTools =
  has('just', '--version') &&
  has('go', 'version') &&
  has('sh', '-c', 'command -v gofmt && command -v goimports') &&
  has('sh', '-c', 'command -v staticcheck || command -v go-staticcheck');
if (process.env.CI && !goTools)
  throw new Error(
    'the Go tools are missing on this CI machine; .ci/run installs them (golang-go, goimports, go-staticcheck)',
  );

describe.skipIf(!goTools)('ci-autofix demo go', () => {
  it('runs the whole pipeline on the Go example: goimports and gofmt commits, partial', () => {
    const r = cli(['demo', 'go']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('outcome: partial');
    expect(r.stdout).toMatch(
      /^[0-9a-f]{7} style\(imports\): fix the imports of 1 file\(s\) with goimports$/m,
    );
    expect(r.stdout).toMatch(/^[0-9a-f]{7} style: format 1 file\(s\) with gofmt$/m);
    expect(r.stdout).toContain('inventory/stock_test.go after reserving 3 of 5, Quantity = 3, want 2');
    expect(r.stderr).toMatch(/validate re-running the check after gofmt \[money\/money\.go\]/);
  });

  it('replays the recorded model reply: the type error is fixed by a model commit', () => {
    const r = cli(['demo', 'go'], { env: { CI_AUTOFIX_DEMO_MODEL: 'replay' } });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^[0-9a-f]{7} fix\(type\): fix 2 finding\(s\) with a model \(compile\)$/m);
    expect(r.stdout).toContain('outcome: partial');
    expect(r.stderr).not.toContain('tree-sitter did not load');
  });
});

describe('ci-autofix demo go without the tools', () => {
  it('names the command that installs a missing Go tool', () => {
    const r = cli(['demo', 'go'], { env: { PATH: '/nonexistent' } });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('the go example needs tools that are not installed:');
    expect(r.stderr).toContain('goimports: apt-get install golang-golang-x-tools');
  });
});
