/**
 * The test tiers, by what a test needs (vitest projects, vitest.config.ts): `npm test` runs them all;
 * `npm run test:unit` (…`:integration`, `:service`, `:system`) one of them, for the edit loop. Every test
 * file belongs to exactly one tier (test/tiers.test.ts fails otherwise, so no file is left unrun).
 * Globs are relative to the repository.
 */
export interface Tier {
  /** What its tests may use. */
  needs: string;
  include: string[];
  exclude?: string[];
}

const tests = (names: string) => `test/{${names}}.test.ts`;

export const TIERS = {
  unit: {
    needs:
      'nothing but this process: no child process, database, git or network beyond loopback servers in it',
    include: [
      'src/**/*.test.ts',
      tests(
        'baseline,config,dispatch-interest,judge-jobs,errorformat,excerpts,import-cycles,llm-providers,no-timed-assertions,parser-fixtures,plan-fixes,read-guard,readme-config,readme-tools,real-log-shapes,report-shapes,robustness,sarif,tiers,tool-names',
      ),
    ],
    exclude: [
      'src/compose/choose-model.test.ts',
      'src/sandbox/sandbox.test.ts',
      'src/workspace/edit-clock.test.ts',
      'src/workspace/repository.test.ts',
      'src/workspace/history.test.ts',
      'src/store/{baseline-cache,dashboard-queries,database,fix-memory,job-events,job-outcome,job-queue,migration-dashboard,start-up,stats-windows}.test.ts',
      'src/service/start-service.test.ts',
    ],
  },
  integration: {
    needs: 'git, the sandbox, the real linters and formatters, the CLI as a child process',
    include: [
      'src/compose/choose-model.test.ts',
      'src/sandbox/sandbox.test.ts',
      'src/workspace/edit-clock.test.ts',
      'src/workspace/repository.test.ts',
      'src/workspace/history.test.ts',
      tests(
        'biome-family,cli,demo,demo-go,dependency-rule,fix-e2e,fix-pinned-tools,fix-real-world,fixers-real,go-family,live-tools,model-fix-e2e,model-gate-e2e,model-stage-e2e,rust-family,rust-target-dir,demo-rust,safety-layout,safety-policy',
      ),
    ],
  },
  service: {
    needs: 'the GitHub double, PostgreSQL and PGlite, `ci-autofix pr` and `serve` end to end, Chromium',
    include: [
      'src/store/{baseline-cache,dashboard-queries,database,fix-memory,job-events,job-outcome,job-queue,migration-dashboard,start-up,stats-windows}.test.ts',
      'src/service/start-service.test.ts',
      tests(
        'action,dashboard-browser,dashboard-browser-pglite,fix-verdicts,github-app,github-server,pr-e2e,pr-faults,pr-families,pr-judge,pr-baseline,pr-takeover,service,service-memory,service-rerun',
      ),
    ],
  },
  system: {
    needs: 'agent CLIs, processes killed with SIGKILL, the deploy renderer, big logs: the slowest',
    include: [
      tests(
        'agent-cli,agent-presets,deploy,parallel,queue-exactly-once,service-faults-embedded,service-faults-kill,service-faults-sigterm',
      ),
    ],
  },
} satisfies Record<string, Tier>;

export type TierName = keyof typeof TIERS;

/**
 * The files that run for a minute or more (alone, on 2 cores), in the order they start, before every
 * other file (test/sequencer.ts): a run otherwise ends waiting on one started last. The one that mostly
 * waits longest (jobs outlasting the SIGTERM grace) starts with the CPU-bound ones, the other fault runs
 * after them, their takeovers overlapping the rest; never all the waiting ones at once, which would leave
 * the cores idle.
 */
export const START_FIRST = [
  'test/service-faults-sigterm.test.ts',
  'test/fix-e2e.test.ts',
  'test/fix-pinned-tools.test.ts',
  'test/live-tools.test.ts',
  'test/pr-e2e.test.ts',
  'test/pr-families.test.ts',
  'test/service.test.ts',
  'src/store/job-queue.test.ts',
  'test/queue-exactly-once.test.ts',
  'test/service-faults-kill.test.ts',
];
