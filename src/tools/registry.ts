import { autopep8 } from './autopep8/index.js';
import { biome } from './biome/index.js';
import { black } from './black/index.js';
import { cargo } from './cargo/index.js';
import { eslint } from './eslint/index.js';
import { flake8 } from './flake8/index.js';
import { git } from './git-diff/index.js';
import { github } from './github/index.js';
import { gofmt } from './go/gofmt.js';
import { goimports } from './go/goimports.js';
import { go } from './go/index.js';
import { gradle } from './gradle/index.js';
import { staticcheck } from './go/staticcheck.js';
import { isort } from './isort/index.js';
import { jest } from './jest/index.js';
import { junit } from './junit/index.js';
import { maven } from './maven/index.js';
import { mocha } from './mocha/index.js';
import { mypy } from './mypy/index.js';
import { npm } from './npm/index.js';
import type { ToolPlugin } from './plugin.js';
import { prettier } from './prettier/index.js';
import { pylint } from './pylint/index.js';
import { pyright } from './pyright/index.js';
import { pytest } from './pytest/index.js';
import { python } from './python-traceback/index.js';
import { ruff } from './ruff/index.js';
import { tsc } from './tsc/index.js';
import { unittest } from './unittest/index.js';
import { vitest } from './vitest/index.js';

/**
 * Every tool ci-autofix knows, one folder each. Adding a tool is its folder, its fixtures and a line
 * here. The order is the order parsers see a line in, and fixers of one phase run in.
 */
export const tools = {
  ruff,
  black,
  isort,
  flake8,
  pylint,
  mypy,
  pyright,
  autopep8,
  pytest,
  unittest,
  python,
  tsc,
  eslint,
  prettier,
  biome,
  jest,
  vitest,
  mocha,
  maven,
  gradle,
  junit,
  npm,
  go,
  goimports,
  gofmt,
  staticcheck,
  cargo,
  git,
  github,
} satisfies Record<string, ToolPlugin>;

export type ToolName = keyof typeof tools;
export const toolList: readonly ToolPlugin[] = Object.values(tools);
