import type { PreCommitHook } from '../plugin.js';

/**
 * The hooks of Biome's own pre-commit repository (github.com/biomejs/pre-commit), as read-only
 * commands. Its `biome-check`, `biome-format` and `biome-lint` write their fixes (`--write`): here each
 * runs without it, which makes Biome report what it would have written and fail. Each hook passes the
 * same two options: files Biome does not handle and files its configuration ignores are no error.
 */
const OPTIONS = ['--files-ignore-unknown=true', '--no-errors-on-unmatched'];

/** The files the hooks select: JavaScript, TypeScript, JSON, CSS, GraphQL, Svelte, Vue and Astro. */
const FILES = /\.(?:[jt]sx?|[cm][jt]s|jsonc?|css|svelte|vue|astro|graphql|gql)$/;

/**
 * Flags a repository's `args:` may add that write: `--write` and its alias `--fix` (Biome 1.8 on),
 * `--apply` and `--apply-unsafe` before, and `--unsafe`, which only widens what `--write` writes.
 */
const WRITES = /^--(?:write|fix|apply|apply-unsafe|unsafe)$/;

const hook = (command: string): PreCommitHook => ({
  argv: ['biome', command, ...OPTIONS],
  files: FILES,
  drop: WRITES,
});

export const biomePreCommitHooks: Readonly<Record<string, PreCommitHook>> = {
  'biome-ci': hook('ci'),
  'biome-check': hook('check'),
  'biome-format': hook('format'),
  'biome-lint': hook('lint'),
};

/**
 * Whether the hook repository's tag is Biome's version. Its tags up to v0.6.1 (2023–2024) are versions
 * of its own, whose hooks install no Biome: the version is the hooks' `additional_dependencies`. Since
 * 2025 each tag is the Biome release the hooks install (v1.9.4, v2.x); a 0.x tag is read as the
 * repository's own, though it also tagged Biome's few 0.x releases in that range.
 */
export const biomeRevIsVersion = (rev: string): boolean => Number(/^(\d+)\./.exec(rev)?.[1] ?? 0) >= 1;
