import type { ParsedDiagnostic } from '../../domain/index.js';
import { SYNTAX_MESSAGE } from '../shared/messages.js';
import { REASONS, v, type Verdict } from '../verdict.js';
import { UNUSED_ESLINT_DIRECTIVE } from './messages.js';

// eslint core and common plugin rules that `eslint --fix` rewrites.
const ESLINT_FIXABLE = new Set([
  'semi',
  'quotes',
  'indent',
  'comma-dangle',
  'eol-last',
  'no-extra-semi',
  'prefer-const',
  'no-var',
  'object-shorthand',
  'arrow-parens',
  'arrow-body-style',
  'keyword-spacing',
  'space-before-function-paren',
  'space-infix-ops',
  'no-trailing-spaces',
  'quote-props',
  'curly',
  'dot-notation',
  'no-multi-spaces',
  'object-curly-spacing',
  'array-bracket-spacing',
  'comma-spacing',
  'key-spacing',
  'brace-style',
  'no-multiple-empty-lines',
  'padded-blocks',
  'prefer-template',
  'prefer-arrow-callback',
  'no-extra-boolean-cast',
  'import/order',
  'import/newline-after-import',
  'import/first',
  'simple-import-sort/imports',
  'simple-import-sort/exports',
  'prettier/prettier',
  'unused-imports/no-unused-imports',
  '@typescript-eslint/consistent-type-imports',
  '@typescript-eslint/consistent-type-definitions',
  '@typescript-eslint/array-type',
  '@typescript-eslint/no-inferrable-types',
  '@typescript-eslint/prefer-optional-chain',
  '@stylistic/semi',
  '@stylistic/quotes',
  '@stylistic/indent',
  '@stylistic/comma-dangle',
]);
export function eslintVerdict(d: ParsedDiagnostic): Verdict {
  const code = d.code?.value ?? '';
  const m = d.message;
  if (/^(security|no-secrets|no-unsanitized)\//.test(code) || code === 'no-eval')
    return v('security', 'none', REASONS.security);
  if (d.hints?.fixAvailable || ESLINT_FIXABLE.has(code))
    return v('lint', 'deterministic', 'eslint --fix rewrites this rule');
  if (code === '' && UNUSED_ESLINT_DIRECTIVE.test(m))
    return v('lint', 'deterministic', 'eslint --fix removes an unused disable directive');
  if (/import|no-undef$/.test(code)) return v('import', 'llm');
  if (code === '' && SYNTAX_MESSAGE.test(m)) return v('syntax', 'llm');
  return v('lint', 'llm');
}
