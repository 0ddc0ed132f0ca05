import type { ToolPlugin } from '../plugin.js';
import { REASONS, v } from '../verdict.js';
import { githubParser } from './parser.js';

/** The runner's own annotations (`##[error]`), with no tool output behind them. */
export const github: ToolPlugin = {
  name: 'github',
  parser: githubParser,
  verdict: () => v('unknown', 'none', REASONS.annotation),
};
