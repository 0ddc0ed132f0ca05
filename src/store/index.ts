export { defaultStateDir, FileSpendLedger } from './file-spend-ledger.js';
export {
  DEFAULT_DATA_DIR,
  openDatabase,
  redactUrl,
  type Database,
  type DatabaseOptions,
  type Queryable,
} from './database.js';
export { appliedVersion, migrate, migrations, SCHEMA_VERSION, withSchemaLock } from './migrations.js';
export { PgSpendLedger } from './pg-spend-ledger.js';
export {
  JobQueue,
  jobKey,
  QUEUE_DEFAULTS,
  type JobStop,
  type JobHandler,
  type JobRequest,
  type FixRequest,
  type CommandRequest,
  type JobResult,
  type JobRow,
  type JobState,
  type QueueOptions,
} from './job-queue.js';
export type { QueueDepth } from './job-records.js';
export { PollStateStore, type PollState } from './poll-state.js';
export { readStats, type Stats } from './stats.js';
export { StoreFailureMemory } from './failure-memory.js';
export { FileBaselineCache } from './file-baseline-cache.js';
export { PgBaselineCache } from './pg-baseline-cache.js';
export { readFailureStats, type FailureStats } from './failure-stats.js';
export { readMemoryStats, type MemoryStats } from './memory-stats.js';
export { PullRequestFlags } from './pull-requests.js';
export { StoreFixMemory, type MemoryEntry, type MemoryRow } from './fix-memory.js';
export {
  DEFAULT_DAYS,
  listJobs,
  MAX_FINDINGS,
  readJob,
  readOverview,
  type JobListOptions,
  type OverviewOptions,
} from './dashboard-queries.js';
export { MAX_DAYS } from './dashboard-days.js';
export { MAX_PAGE, PAGE_SIZE } from './job-list.js';
export type { DashboardOverview, DayRow, JobDetail, JobListRow, Page } from './dashboard-types.js';
export { FINISHED_OUTCOMES, type OutcomeCounts } from './outcome-counts.js';
export {
  EVENT_LIMITS,
  StoreJobEvents,
  type EventLimits,
  type JobEventLog,
  type JobEventRecorder,
} from './job-events.js';
