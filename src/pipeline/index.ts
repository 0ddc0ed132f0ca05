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
export { fixWithModel, priceOf, type ModelAttempt, type ModelDeps } from './model-fixes.js';
