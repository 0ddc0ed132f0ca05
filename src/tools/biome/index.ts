import type { ToolPlugin } from '../plugin.js';

/** Biome's settings and its suppression comment; its parser and fix mode come with the Biome family. */
export const biome: ToolPlugin = {
  name: 'biome',
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
