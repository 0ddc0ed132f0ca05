import { BwrapSandbox } from './bwrap-sandbox.js';
import { LocalSandbox } from './local-sandbox.js';
import type { Sandbox } from './sandbox.js';

export type SandboxChoice = 'auto' | 'bwrap' | 'local';

/** Whether bubblewrap can create its namespaces here (it cannot inside some containers). */
export async function bwrapWorks(bwrapPath = 'bwrap'): Promise<boolean> {
  const probe = new BwrapSandbox(bwrapPath, {});
  const r = await probe
    .run({ argv: ['true'], cwd: '/', writable: [], timeoutMs: 10_000 })
    .catch(() => undefined);
  return r?.exitCode === 0;
}

/**
 * `auto` (the default) uses bubblewrap when it works on this machine and says so when it falls back;
 * `bwrap` insists on it.
 */
export async function chooseSandbox(
  choice: SandboxChoice,
  note: (message: string) => void = () => {},
): Promise<Sandbox> {
  if (choice === 'local') return new LocalSandbox();
  if (await bwrapWorks()) return new BwrapSandbox();
  if (choice === 'bwrap')
    throw new Error(
      'sandbox: bwrap is configured but bubblewrap does not work here: install it (apt-get install bubblewrap) or allow user namespaces',
    );
  note(
    'bubblewrap is not available: running checks with the local sandbox (environment allow-list, timeout; no network or filesystem isolation)',
  );
  return new LocalSandbox();
}
