/**
 * How lockfiles are regenerated, in one place: the lockfile fixer runs these, and triage and the
 * generated-files parser name them to a person.
 */

/** The command each JavaScript package manager rewrites its lockfile alone with (no node_modules). */
export const LOCKFILE_UPDATE = {
  npm: ['npm', 'install', '--package-lock-only'],
  yarn: ['yarn', 'install', '--mode=update-lockfile'],
  pnpm: ['pnpm', 'install', '--lockfile-only'],
} as const;

export type PackageManager = keyof typeof LOCKFILE_UPDATE;

export function isPackageManager(name: string): name is PackageManager {
  return Object.hasOwn(LOCKFILE_UPDATE, name);
}

/** Lockfiles by file name, and the command that regenerates each. */
export const LOCKFILE_COMMANDS: Readonly<Record<string, string>> = {
  'package-lock.json': LOCKFILE_UPDATE.npm.join(' '),
  'npm-shrinkwrap.json': LOCKFILE_UPDATE.npm.join(' '),
  'yarn.lock': LOCKFILE_UPDATE.yarn.join(' '),
  'pnpm-lock.yaml': LOCKFILE_UPDATE.pnpm.join(' '),
  'Cargo.lock': 'cargo generate-lockfile',
  'poetry.lock': 'poetry lock',
  'uv.lock': 'uv lock',
};
