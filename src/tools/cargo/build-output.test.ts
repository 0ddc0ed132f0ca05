import { describe, expect, it } from 'vitest';
import { cargoBuildOutput } from './build-output.js';
import { cargo } from './index.js';

const output = (files: Record<string, string>) =>
  cargoBuildOutput({ tracked: Object.keys(files), read: (path) => files[path] });

describe("cargo's build output in a repository", () => {
  it('the plugin declares it', () => {
    expect(cargo.buildOutput).toBe(cargoBuildOutput);
  });

  it('target/ beside each Cargo.toml, the roots first; none without a Cargo.toml', () => {
    expect(
      output({
        'Cargo.toml': '[workspace]\nmembers = ["crates/*"]\n',
        'crates/core/Cargo.toml': '[package]\nname = "core"\n',
        'crates/core/src/lib.rs': '',
        'tools/gen/Cargo.toml': '[package]\nname = "gen"\n',
        'src/main.rs': '',
      }),
    ).toEqual(['target', 'crates/core/target', 'tools/gen/target']);
    expect(output({ 'src/lib.rs': '', 'README.md': '' })).toEqual([]);
  });

  it("a tracked .cargo/config.toml's build.target-dir and build-dir, from the folder that holds .cargo", () => {
    expect(
      output({
        'Cargo.toml': '[package]\nname = "app"\n',
        '.cargo/config.toml': '[alias]\nb = "build"\n\n[build]\ntarget-dir = "out/cargo/"  # shared\n',
        'sub/Cargo.toml': '[package]\nname = "sub"\n',
        'sub/.cargo/config': "[build]\nbuild-dir = 'intermediate'\njobs = 2\n",
      }),
    ).toEqual(['target', 'out/cargo', 'sub/intermediate', 'sub/target']);
    // The dotted spelling at the top.
    expect(output({ 'Cargo.toml': '', '.cargo/config.toml': 'build.target-dir = "o"\n' })).toEqual([
      'o',
      'target',
    ]);
  });

  it('leaves out folders that are not cargo’s alone: outside, the root, tracked, under a tracked link, templates', () => {
    expect(
      output({
        'Cargo.toml': '',
        'target/README.md': 'committed on purpose',
        'lib/Cargo.toml': '',
        'lib/target': 'a tracked file (or link) named target',
        linked: 'a tracked link to a folder elsewhere',
        'a/Cargo.toml': '',
        'a/.cargo/config.toml': [
          '[build]',
          'target-dir = "../../elsewhere"',
          'target-dir = "/var/cache/target"',
          'target-dir = "."',
          'target-dir = "src"',
          'target-dir = "../linked/out"',
          'build-dir = "{workspace-root}/build"',
          '[profile.release]',
          'target-dir = "not-a-build-key"',
        ].join('\n'),
        'a/src/lib.rs': '',
      }),
    ).toEqual(['a/target']);
  });
});
