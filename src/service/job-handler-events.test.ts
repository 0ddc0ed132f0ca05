import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import type { ProgressEvent } from '../domain/index.js';
import type { PrOutcome } from '../pipeline/index.js';
import { StoreJobEvents, type JobRow, type PullRequestFlags, type Queryable } from '../store/index.js';
import { jobHandler, type WorkerDeps } from './job-handler.js';
import { createLogger, secretScrubber } from './logger.js';

const outcome: PrOutcome = {
  outcome: 'fixed',
  pull_request: {
    repo: 'octo/app',
    number: 1,
    url: 'https://github.test/octo/app/pull/1',
    head_sha: 'a',
    title: 'Add a thing',
  },
  failed_jobs: [],
  published: { mode: 'push', commits: ['c1'] },
  github_requests: 3,
  timing: { total_ms: 10, github_ms: 1, clone_ms: 1, fix_ms: 1, publish_ms: 1 },
  notes: [],
};

const job: JobRow = {
  id: '6f1c2a4e-0000-4000-8000-000000000001',
  key: 'k',
  kind: 'fix',
  pr_number: 1,
  head_sha: 'a',
  branch_key: 'octo/app#1',
  trigger: 'suite:1',
  source: 'webhook',
  payload: {
    kind: 'fix',
    repo: 'octo/app',
    pr: 1,
    headSha: 'a',
    headRepo: 'octo/app',
    headBranch: 'f',
    trigger: 'suite:1',
    source: 'webhook',
  },
  state: 'running',
  attempts: 1,
  lost: 0,
  created_at: new Date(),
};

/** A store that refuses every statement, and counts them. */
function brokenStore() {
  const store = { statements: 0 } as Queryable & { statements: number };
  store.query = async () => {
    store.statements++;
    throw new Error('connection terminated');
  };
  store.exec = store.query as unknown as Queryable['exec'];
  return store;
}

function deps(emitted: ProgressEvent[], db: Queryable): WorkerDeps {
  return {
    runPr: async (_target, _log, _signal, record) => {
      for (const e of emitted) record(e);
      return outcome;
    },
    findPr: async () => undefined,
    forge: () => Promise.reject(new Error('no chat-ops in these jobs')),
    flags: { isSkipped: async () => false } as unknown as PullRequestFlags,
    cancel: async () => 0,
    events: new StoreJobEvents(db),
  };
}

describe("a worker's job and its progress events", () => {
  it('hands every event to the store in one batch at the end, not one statement each', async () => {
    const emitted = Array.from({ length: 30 }, (_, n): ProgressEvent => ({
      type: 'committed',
      subject: `fix ${n}`,
      elapsedMs: n,
    }));
    const written: unknown[][] = [];
    const db: Queryable = {
      query: async <T>(_sql: string, params?: unknown[]) => {
        written.push(JSON.parse(String(params?.[1])) as unknown[]);
        return { rows: [] as T[] };
      },
      exec: async () => undefined,
    };
    const log = createLogger({ level: 'silent', secrets: [] });
    const result = await jobHandler(deps(emitted, db), log)(job, new AbortController().signal);
    expect(result.outcome).toBe('fixed');
    expect(written).toHaveLength(1);
    expect(written[0]!.map((r) => (r as { data: { subject: string } }).data.subject)).toEqual(
      emitted.map((e) => (e as { subject: string }).subject),
    );
  });

  it('ends as it would without a store when the store fails, with one warning in the log', async () => {
    const lines: string[] = [];
    const destination = new Writable({
      write(chunk: Buffer, _enc, done) {
        lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
        done();
      },
    });
    const log = createLogger({ level: 'info', secrets: [], destination });
    const store = brokenStore();
    const emitted: ProgressEvent[] = [
      { type: 'checked', passed: false, diagnostics: 2 },
      { type: 'published', summary: 'pushed 1 commit' },
    ].map((e) => ({ ...e, elapsedMs: 1 }) as ProgressEvent);
    const result = await jobHandler(deps(emitted, store), log)(job, new AbortController().signal);
    await new Promise((r) => setImmediate(r));
    expect(result).toMatchObject({ outcome: 'fixed', published: 'push', commits: 1 });
    expect(store.statements).toBe(1);
    const warnings = lines
      .map((l) => JSON.parse(l) as Record<string, unknown>)
      .filter((l) => l.level === 'warn');
    expect(warnings).toEqual([
      expect.objectContaining({
        msg: 'job events',
        detail: expect.stringContaining('connection terminated'),
      }),
    ]);
  });

  it('keeps no secret: the same scrubber as the log', () => {
    const secret = 'ghs_abcdefghijklmnop1234';
    const scrub = secretScrubber([secret]);
    const e: ProgressEvent = {
      type: 'note',
      level: 'warning',
      message: `push to https://x:${secret}@h failed`,
      elapsedMs: 0,
    };
    expect(scrub(e)).toEqual({ ...e, message: 'push to https://x:[redacted]@h failed' });
  });
});
