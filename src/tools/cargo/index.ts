import type { ToolPlugin } from '../plugin.js';
import { v } from '../verdict.js';
import { cargoParser } from './parser.js';

/** cargo and rustc (build, clippy, test). */
export const cargo: ToolPlugin = {
  name: 'cargo',
  parser: cargoParser,
  verdict: (d) => {
    if (/unused import|unresolved import|cannot find/.test(d.message)) return v('import', 'llm');
    if (d.severity === 'warning') return v('lint', 'llm');
    return v('type', 'llm');
  },
  config: {
    files: ['**/{.,}clippy.toml', '**/{.,}rustfmt.toml'],
    sections: [{ files: '**/Cargo.toml', section: /^(workspace\.)?lints(\..*)?$/ }],
  },
  suppressions: [
    {
      id: 'rust-allow',
      tool: 'clippy / rustc',
      what: 'an `#[allow(…)]` or `#![allow(…)]` attribute',
      example: '#[allow(clippy::needless_return)]',
      files: /\.rs$/,
      pattern: /#!?\[(?:allow|expect)\((?<codes>[^)]*)\)\]/g,
    },
  ],
};
