import type { ToolPlugin } from '../plugin.js';
import { biomeAssist, biomeFormat, biomeLint, biomeUnusedImports } from './fixers.js';
import { biomeParser } from './parser.js';
import { biomePreCommitHooks, biomeRevIsVersion } from './pre-commit.js';
import { biomeVerdict } from './triage.js';

/**
 * Biome (biomejs.dev), 1.x and 2.x: formatter, linter and assist actions in one program. Its npm package
 * is `@biomejs/biome`, its program `biome`. No `ask`: its JSON reporter does not say whether a fix
 * exists (2.x) or is experimental (1.x), and its default reporter, which says it, is what CI shows.
 */
export const biome: ToolPlugin = {
  name: 'biome',
  parser: biomeParser,
  verdict: biomeVerdict,
  fixers: [biomeAssist, biomeFormat, biomeLint, biomeUnusedImports],
  pin: {
    ecosystem: 'npm',
    package: '@biomejs/biome',
    provisioned: true,
    preCommitRepos: /\/biomejs\/pre-commit(\.git)?$/i,
    preCommitRevIsVersion: biomeRevIsVersion,
  },
  check: {
    configuredBy: { files: ['biome.json', 'biome.jsonc'] },
    // `ci`: formatting, assist actions (organize imports) and lint, read-only, as its CI docs run it.
    commands: [['biome', 'ci', '.']],
  },
  preCommitHooks: biomePreCommitHooks,
  config: { files: ['**/biome.json{,c}'] },
  suppressions: [
    {
      id: 'biome-ignore',
      tool: 'biome',
      what: 'a `biome-ignore` comment',
      example: '// biome-ignore lint/suspicious/noExplicitAny: reason',
      files: /\.(m|c)?[jt]sx?$|\.jsonc?$|\.css$/,
      pattern: /biome-ignore(?:-all|-start)?\s+(?<codes>[\w/]+)/g,
    },
  ],
};
