import { describe, expect, it } from 'vitest';
import { cliAsync } from './helpers/cli.js';
import { haveJust, rustToolchain } from './helpers/tools-present.js';

/**
 * `ci-autofix demo rust`: the bundled crate (examples/rust-crate) broken by its failing.patch, fixed by the
 * whole pipeline with the cargo, rustfmt and clippy first on PATH; it ends `partial` with its commits, as
 * the Python demo does.
 */
const toolchain = rustToolchain;
if (process.env.CI && (!toolchain || !haveJust))
  throw new Error('cargo, rustfmt, clippy or just is missing on this CI machine; .ci/run installs them');

const demo = (env: Record<string, string> = {}) =>
  cliAsync(['demo', 'rust'], { PATH: `${toolchain}:${process.env.PATH}`, ...env });

describe.skipIf(!toolchain || !haveJust)('ci-autofix demo rust', () => {
  it('formats and fixes lint in two commits; the compile error and the failing test are left', async () => {
    const r = await demo();
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('outcome: partial');
    expect(r.stdout).toMatch(/^[0-9a-f]{7} style: format 1 file\(s\) with cargo fmt$/m);
    expect(r.stdout).toMatch(
      /^[0-9a-f]{7} fix\(lint\): fix 3 finding\(s\) with cargo clippy --fix \(.*unused_imports\)$/m,
    );
    expect(r.stdout).toContain('src/main.rs:15 cargo E0308 mismatched types');
    expect(r.stdout).toContain('a failing assertion is a logic error');
    expect(r.stderr).toMatch(/validate re-running the check after rustfmt/);
  });

  it('with the recorded model reply, the compile error is fixed too: three commits, the logic error left', async () => {
    const r = await demo({ CI_AUTOFIX_DEMO_MODEL: 'replay' });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('outcome: partial');
    expect(r.stdout).toMatch(/^[0-9a-f]{7} fix\(type\): fix 1 finding\(s\) with a model \(E0308\)$/m);
    expect(r.stdout).toMatch(/^[0-9a-f]{7} fix\(lint\): fix 3 finding\(s\) with cargo clippy --fix/m);
    expect(r.stdout).toMatch(/^[0-9a-f]{7} style: format 1 file\(s\) with cargo fmt$/m);
    expect(r.stdout).not.toContain('needs a model');
  });
});

it('demo rust names the commands that install the missing tools', async () => {
  const r = await cliAsync(['demo', 'rust'], { PATH: '/nonexistent' });
  expect(r.code).toBe(2);
  expect(r.stderr).toContain('the rust example needs tools that are not installed:');
  expect(r.stderr).toContain('cargo-clippy: apt-get install rust-clippy');
});
