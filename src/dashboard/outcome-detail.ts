/**
 * The outcome's `detail` as the service stores it (service/job-handler.ts `toJobResult`), read
 * defensively: it is JSON written by whichever version ran the job, so every field may be missing or of
 * another shape, and each is taken only when it has the shape expected.
 */
export interface OutcomeDetail {
  failedJobs: string[];
  /** The fix branch (review mode), and the pull request proposing it (its web URL). */
  branch?: string;
  fixPullRequest?: string;
  /** Each fixer's attempt: kept by validation, or dropped with the reason. */
  fixers: Array<{ fixer: string; kept: boolean; reason?: string }>;
  notes: string[];
  /** The commits published, and the status comment's id. */
  commits: string[];
  comment?: number;
}

const record = (v: unknown): Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
const text = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
const texts = (v: unknown): string[] => (Array.isArray(v) ? v.filter((s) => typeof s === 'string') : []);

export function outcomeDetail(detail: unknown): OutcomeDetail {
  const d = record(detail);
  const branch = text(d.branch);
  const fixPullRequest = text(d.fix_pull_request);
  const comment = d.comment;
  return {
    failedJobs: texts(d.failed_jobs),
    ...(branch ? { branch } : {}),
    ...(fixPullRequest ? { fixPullRequest } : {}),
    fixers: (Array.isArray(d.fixers) ? d.fixers : []).map(record).flatMap((f) => {
      const fixer = text(f.fixer);
      const reason = text(f.reason);
      return fixer ? [{ fixer, kept: f.kept === true, ...(reason ? { reason } : {}) }] : [];
    }),
    notes: texts(d.notes),
    commits: texts(d.commits).filter((sha) => /^[0-9a-f]{7,64}$/i.test(sha)),
    ...(typeof comment === 'number' && Number.isSafeInteger(comment) && comment > 0 ? { comment } : {}),
  };
}
