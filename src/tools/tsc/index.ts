import type { ToolPlugin } from '../plugin.js';
import { v } from '../verdict.js';
import { tscParser } from './parser.js';

const TS_IMPORT = new Set([
  'TS2304',
  'TS2305',
  'TS2306',
  'TS2307',
  'TS2552',
  'TS2582',
  'TS2724',
  'TS2792',
  'TS2503',
  'TS2694',
]);
const TS = /\.(m|c)?tsx?$/;
const JS = /\.(m|c)?[jt]sx?$|\.(vue|svelte)$/;

export const tsc: ToolPlugin = {
  name: 'tsc',
  parser: tscParser,
  verdict: (d) => {
    const code = d.code?.value ?? '';
    if (TS_IMPORT.has(code)) return v('import', 'llm');
    if (/^TS1\d{3}$/.test(code)) return v('syntax', 'llm');
    if (code === 'TS6133' || code === 'TS6192' || code === 'TS6196') return v('lint', 'llm');
    if (/^TS(5|6)\d{3}$/.test(code))
      return v('build', 'none', 'a compiler configuration error: tsconfig is for a person to change');
    return v('type', 'llm');
  },
  config: { files: ['**/tsconfig{,.*}.json', '**/jsconfig{,.*}.json'] },
  suppressions: [
    {
      id: 'ts-ignore',
      tool: 'tsc',
      what: 'a `@ts-ignore`, `@ts-expect-error` or `@ts-nocheck` comment',
      example: '// @ts-expect-error',
      files: JS,
      pattern: /@ts-(?:ignore|expect-error|nocheck)\b/g,
    },
    {
      id: 'as-any',
      tool: 'tsc',
      what: 'a cast to `any` (`as any`, `<any>`)',
      example: 'const n = (price as any) + 1;',
      files: TS,
      pattern: /\bas\s+any\b|<any>/g,
    },
    {
      id: 'annotate-any-ts',
      tool: 'tsc',
      what: 'an annotation widened to `any`',
      example: 'function total(price: any): number {',
      files: TS,
      pattern: /:\s*any\b/g,
    },
  ],
};
