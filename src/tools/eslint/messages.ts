/**
 * Messages that tools print without a rule id but that a stage other than the parser must recognise.
 */

// ESLint's report of a disable/enable comment that suppresses nothing. `eslint --fix` removes it (8.56+).
export const UNUSED_ESLINT_DIRECTIVE = /^Unused eslint-(disable|enable) directive/;
