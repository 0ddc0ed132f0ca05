export {
  checkSafety,
  DEFAULT_PROTECTED_PATHS,
  DEFAULT_SAFETY,
  diffLines,
  type ChangedFile,
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
