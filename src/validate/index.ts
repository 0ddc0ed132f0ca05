export {
  checkSafety,
  DEFAULT_PROTECTED_PATHS,
  DEFAULT_SAFETY,
  diffLines,
  type ChangedFile,
  type SafetyPolicy,
  type Violation,
  type ViolationRule,
} from './safety-policy.js';
export { detectCheck, type CheckPlan } from './detect-check.js';
