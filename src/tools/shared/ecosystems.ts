import { join } from 'node:path';

/**
 * How a tool of each ecosystem is installed into a folder of its own, running no repository code: a
 * wheel only (pip `--only-binary`), npm with `--ignore-scripts`; and where its program lands.
 */
export const ECOSYSTEMS = {
  python: {
    bin: (dir: string) => join(dir, 'bin'),
    steps: (dir: string, pkg: string, version: string): string[][] => [
      ['python3', '-m', 'venv', dir],
      [
        join(dir, 'bin', 'pip'),
        'install',
        '--quiet',
        '--no-input',
        '--disable-pip-version-check',
        '--only-binary=:all:',
        '--timeout',
        '15',
        '--retries',
        '1',
        `${pkg}==${version}`,
      ],
    ],
  },
  npm: {
    bin: (dir: string) => join(dir, 'node_modules', '.bin'),
    steps: (dir: string, pkg: string, version: string): string[][] => [
      [
        'npm',
        'install',
        '--prefix',
        dir,
        '--no-save',
        '--ignore-scripts',
        '--no-audit',
        '--no-fund',
        '--loglevel=error',
        `${pkg}@${version}`,
      ],
    ],
  },
} as const;

export type Ecosystem = keyof typeof ECOSYSTEMS;
