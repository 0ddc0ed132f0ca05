export {
  checkSafety,
  DEFAULT_PROTECTED_PATHS,
  DEFAULT_SAFETY,
  diffLines,
  FIRM_RULES,
  type ChangedFile,
  type ChangeOrigin,
  type SafetyCode,
  type SafetyPolicy,
  type Violation,
  type ViolationRule,
} from './safety-policy.js';
export { commandText, detectCheck, type CheckPlan } from './detect-check.js';
export {
  codeComparer,
  isSourceFile,
  type CodeComparer,
  type RunPython,
  type SameCodeMode,
} from './same-code.js';
export { jsAssertions, jsTokens } from './js-tokens.js';
export { SUPPRESSIONS, type Suppression } from './suppressions.js';
export { CHECK_CONFIG_FILES } from './check-config.js';
export { REWRITTEN_RULES } from './rule-rewrites.js';
export type { FixAuthor } from './anti-cheat.js';
