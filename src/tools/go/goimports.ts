import type { ToolPlugin } from '../plugin.js';
import { v } from '../verdict.js';
import { goimportsFixer } from './fixers.js';

/**
 * goimports: gofmt's layout plus the imports (missing ones added, unused ones removed, grouped). Its
 * `-l` / `-d` lines are read by gofmt's parser, which tells the two apart by the command that ran. Its
 * fix mode also removes the imports the compiler reports unused.
 */
export const goimports: ToolPlugin = {
  name: 'goimports',
  verdict: () =>
    v('import', 'deterministic', '`goimports -w` rewrites the imports and the layout of the file'),
  fixers: [goimportsFixer],
};
