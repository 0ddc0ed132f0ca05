import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from './helpers/cli.js';
import { analyzeFiles, analyzeText } from './helpers/analyze.js';

/**
 * What failed each job, judged from its log alone: the change, a flaky test, or the infrastructure.
 * The logs are real output: pip failing to reach an index whose host cannot resolve
 * (test/fixtures/infrastructure/record-jobs.sh), the python-service example's check
 * (test/fixtures/baseline/record.sh), pytest-rerunfailures (test/fixtures/tools/record.sh), and the
 * runner's own lines as public projects' CI printed them (test/fixtures/infrastructure/lines.json).
 */
const fixture = (path: string) => join(repoRoot, 'test/fixtures', path);

interface Real {
  id: string;
  line: string;
}
const REAL = JSON.parse(readFileSync(fixture('infrastructure/lines.json'), 'utf8')) as Real[];
const realLine = (id: string, prefix = '##[error]') =>
  REAL.find((l) => l.id === id && l.line.startsWith(prefix))!.line;

/** A job log around `steps` (name → lines), each line stamped as the runner writes it. */
function job(steps: Array<[string, string[]]>): string {
  const lines = ["Current runner version: '2.330.0'"];
  for (const [name, body] of steps) lines.push(`##[group]Run ${name}`, ...body, '##[endgroup]');
  return lines.map((l) => `2026-12-07T01:00:00.0000000Z ${l}`).join('\n') + '\n';
}

describe('each failed job is judged from its log', () => {
  it("judges a failed job by every real line of the table: the runner's own come as `##[error]` annotations", () => {
    const RUNNER = /^(runner-|job-max-execution)/;
    for (const { id, line } of REAL) {
      const text = RUNNER.test(id) && !line.startsWith('##[error]') ? `##[error]${line}` : line;
      const a = analyzeText(job([['make ci', [text, '##[error]Process completed with exit code 1.']]]));
      expect(
        a.jobs.map((j) => j.verdict),
        `${id}: ${line}`,
      ).toEqual(['infrastructure']);
    }
  });

  it("pip that cannot reach its index: the infrastructure's, with the lines that show it, and no finding", async () => {
    const a = await analyzeFiles([fixture('infrastructure/pip-dns-job.log')]);
    expect(a.diagnostics).toEqual([]);
    expect(a.jobs).toHaveLength(1);
    expect(a.jobs[0]).toMatchObject({ job: 'job', verdict: 'infrastructure' });
    expect(a.jobs[0]!.reason).toContain('pip could not reach the package index');
    expect(a.jobs[0]!.evidence.map((e) => e.lines[0])).toEqual([7, 8]);
    // The lines are what explains the failure, in the excerpts too.
    expect(a.excerpts[0]!.reason).toMatch(/^infrastructure: pip could not reach/);
  });

  it("the example's failing check is the change's: its tools' findings and the failing test", async () => {
    const a = await analyzeFiles([fixture('baseline/python-service-failing.log')]);
    expect(a.jobs).toEqual([
      expect.objectContaining({
        verdict: 'pr',
        reason: "4 finding(s) of the project's own tools and 1 failing test(s)",
      }),
    ]);
  });

  it('a run zip is judged job by job, each named by its folder', async () => {
    const a = await analyzeFiles([fixture('gha/run-logs.zip')]);
    expect(a.jobs.map((j) => [j.job, j.verdict])).toEqual([
      ['lint-and-test (3.12)', 'pr'],
      ['web', 'pr'],
    ]);
  });

  it('a test that failed and passed when re-run is flaky; one that kept failing makes it the change', async () => {
    const flaky = await analyzeFiles([fixture('tools/out/pytest-rerun-pass.txt')]);
    expect(flaky.jobs).toEqual([
      expect.objectContaining({ verdict: 'flaky', reason: expect.stringContaining('test_connects') }),
    ]);
    const failing = await analyzeFiles([fixture('tools/out/pytest-rerun-verbose.txt')]);
    expect(failing.jobs.map((j) => j.verdict)).toEqual(['pr']);
  });

  it('a runner shut down during checkout: the infrastructure, before the project ran anything', () => {
    const log = job([
      [
        'actions/checkout@v4',
        ['Syncing repository: octo/inventory', realLine('runner-shutdown'), realLine('operation-canceled')],
      ],
    ]);
    const a = analyzeText(log);
    expect(a.jobs).toEqual([
      expect.objectContaining({ verdict: 'infrastructure', reason: expect.stringContaining('shut down') }),
    ]);
  });

  it('a passing job that retried a download is not judged; a failed step with nothing to show is unknown', async () => {
    const retry = readFileSync(fixture('infrastructure/pip-dns-job.log'), 'utf8').split('\n')[6]!;
    const passing = job([
      ['pip install -r requirements.txt', [retry.slice(29), 'Successfully installed requests-2.32.3']],
    ]);
    expect(analyzeText(passing).jobs).toEqual([]);
    const silent = job([['./deploy.sh', ['deploying', '##[error]Process completed with exit code 3.']]]);
    expect(analyzeText(silent).jobs).toEqual([
      expect.objectContaining({ job: 'job', verdict: 'unknown', evidence: [] }),
    ]);
  });
});
