import type { Diagnostic } from '../../domain/index.js';
import { toolCommand, type Fixer } from '../fixer.js';
import type { ToolPlugin } from '../plugin.js';
import { npmInfrastructure } from './infrastructure.js';
import { isPackageManager, LOCKFILE_UPDATE } from '../shared/lockfiles.js';
import { REASONS, v } from '../verdict.js';
import { npmParser } from './parser.js';

/** The package manager regenerates a lockfile out of sync with package.json (a protected path: policy decides). */
const lockfile: Fixer = {
  name: 'lockfile',
  phase: 'dependencies',
  needsNoFiles: true,
  commit: { type: 'fix', scope: 'deps', verb: 'sync the lockfile with package.json' },
  appliesTo: (d: Diagnostic) => d.fixability === 'deterministic' && d.code?.value === 'lockfile-out-of-sync',
  command: (_files, ds, ctx) => {
    const source = ds[0]?.source.name ?? 'npm';
    const [tool, ...args] = LOCKFILE_UPDATE[isPackageManager(source) ? source : 'npm'];
    const quiet = tool === 'npm' ? ['--no-audit', '--no-fund'] : [];
    return toolCommand(ctx, tool, [...args, '--ignore-scripts', ...quiet]);
  },
};

/** npm, yarn and pnpm: one parser, one verdict, one fixer for the three. */
export const npm: ToolPlugin = {
  name: 'npm',
  aliases: ['yarn', 'pnpm'],
  parser: npmParser,
  infrastructure: npmInfrastructure,
  verdict: (d) => {
    const code = d.code?.value ?? '';
    if (code === 'lockfile-out-of-sync')
      return v(
        'dependency',
        'deterministic',
        `the package manager regenerates the lockfile: \`${LOCKFILE_UPDATE[isPackageManager(d.source.name) ? d.source.name : 'npm'].join(' ')}\``,
      );
    if (code === 'ERESOLVE') return v('dependency', 'none', REASONS.eresolve);
    if (code === 'missing-script') return v('build', 'none', REASONS.missingScript);
    return v('dependency', 'none', REASONS.dependency);
  },
  fixers: [lockfile],
  packageScripts: [
    { lockfile: 'pnpm-lock.yaml', run: (s) => ['pnpm', 'run', s] },
    { lockfile: 'yarn.lock', run: (s) => ['yarn', 'run', s] },
    { run: (s) => ['npm', 'run', '--silent', s] },
  ],
  // npm ≥ 9 prints `npm error`, older ones `npm ERR!`; pnpm its `ERR_PNPM_` codes, yarn `error Command …`.
  excerpts: [
    {
      test: /^npm (?:error|ERR!) /,
      reason: 'npm error',
      score: 60,
      shape: 'same-prefix',
      prefixes: ['npm error', 'npm ERR!'],
    },
    {
      test: /^ERR_PNPM_|^\s*ERR_PNPM_|^error (?:Command|An unexpected error)/,
      reason: 'package manager error',
      score: 60,
      shape: 'indented',
    },
  ],
};
