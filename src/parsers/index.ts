import { blackParser } from './black/index.js';
import { cargoParser } from './cargo/index.js';
import { eslintParser } from './eslint/index.js';
import { flake8Parser } from './flake8/index.js';
import { gitDiffParser } from './git-diff/index.js';
import { githubParser } from './github/index.js';
import { goParser } from './go/index.js';
import { isortParser } from './isort/index.js';
import { jestParser } from './jest/index.js';
import { mochaParser } from './mocha/index.js';
import { mypyParser } from './mypy/index.js';
import { npmParser } from './npm/index.js';
import type { LogParser } from './parser.js';
import { prettierParser } from './prettier/index.js';
import { pylintParser } from './pylint/index.js';
import { pyrightParser } from './pyright/index.js';
import { pytestParser } from './pytest/index.js';
import { pythonTracebackParser } from './python-traceback/index.js';
import { ruffParser } from './ruff/index.js';
import { tscParser } from './tsc/index.js';
import { unittestParser } from './unittest/index.js';
import { vitestParser } from './vitest/index.js';

/** Every log parser, by tool name. A meta-test fails when one has no fixtures. */
export const parsers = {
  ruff: ruffParser,
  flake8: flake8Parser,
  pylint: pylintParser,
  mypy: mypyParser,
  pyright: pyrightParser,
  black: blackParser,
  isort: isortParser,
  pytest: pytestParser,
  unittest: unittestParser,
  python: pythonTracebackParser,
  tsc: tscParser,
  eslint: eslintParser,
  prettier: prettierParser,
  jest: jestParser,
  vitest: vitestParser,
  mocha: mochaParser,
  npm: npmParser,
  go: goParser,
  cargo: cargoParser,
  git: gitDiffParser,
  github: githubParser,
} satisfies Record<string, LogParser>;

export type ParserName = keyof typeof parsers;
export const parserNames = Object.keys(parsers) as ParserName[];
export type { LogParser, ParserSink, ParserState } from './parser.js';
