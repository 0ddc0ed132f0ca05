import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

/** Whether `just` runs here (the examples' `check` recipes need it). */
export const haveJust = (() => {
  try {
    execFileSync('just', ['--version'], { stdio: 'pipe' });
    return true;
  } catch {
    return false;
  }
})();

/**
 * The Rust toolchain's own bin folder, when cargo, cargo-fmt and cargo-clippy are all there: rustup's
 * proxies in ~/.cargo/bin find their toolchain through RUSTUP_HOME or HOME, which a test's own sandbox
 * runs may not pass. Debian's sysroot is /usr: its /usr/bin.
 */
export const rustToolchain = (() => {
  try {
    const bin = join(execFileSync('rustc', ['--print', 'sysroot'], { encoding: 'utf8' }).trim(), 'bin');
    return ['cargo', 'cargo-fmt', 'cargo-clippy'].every((p) => existsSync(join(bin, p))) ? bin : undefined;
  } catch {
    return undefined;
  }
})();
