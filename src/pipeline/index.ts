export { commitMessage, TRAILER } from './commit-message.js';
export type {
  AppliedFix,
  DroppedFix,
  FixJobDeps,
  FixJobInput,
  FixOutcome,
  FixOutcomeKind,
  ProgressEvent,
} from './fix-job.js';
export { runCheck, type CheckRun } from './run-check.js';
export { runFixJob } from './run-fix-job.js';
export { fixWithModel, type ModelAttempt, type ModelDeps } from './model-fixes.js';
export { FixBudget, JobBudget, priceOf, startOfUtcDay, type SpendEntry, type SpendLedger } from './budget.js';
export type { JobRun, PrGit, PrJobDeps, PrJobInput, PrOutcome } from './pr-job.js';
export { runPrJob } from './run-pr-job.js';
export { failureFingerprint } from './pr-status.js';
export { verdictsOf, type PullFate, type Verdict } from './memory-verdicts.js';
export { isFixBranch } from '../publish/publish-fix.js';
