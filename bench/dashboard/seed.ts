/**
 * bench/dashboard's data: `jobs` jobs of a service that has run for 90 days, written by a few
 * INSERT … SELECT over generate_series (no round trip per row), deterministic (setseed) for one
 * session. The mix, per job unless said:
 *
 * - 30 repositories, the first ones busier (a power law), PRs 1–400 of each;
 * - 95 % fix jobs, 5 % chat-ops commands; created uniformly over the last 90 days;
 * - states: the newest ~0.2 % waiting, queued or running; else 90 % done, 5 % failed, 3 % superseded,
 *   2 % cancelled; an attempt each for those that ran (a second for 5 % of them);
 * - outcomes of the done jobs: fixed 42 %, partial 8 %, not-fixable 15 %, validation-failed 4 %,
 *   nothing-to-fix 5 %, skipped 26 %; the failed ones `failed`;
 * - a model asked in 35 % of the jobs that tried: $0.01–0.60 and its tokens (and a spend row);
 * - the outcome's detail as the service writes it (pull request, failed jobs, fixers, notes: ~500 bytes);
 * - 0–6 findings per job that tried (~3), from 12 tools;
 * - progress events (10–30, ~20) for the jobs of the last 15 days;
 * - 2 fix-memory records per fixed or partial job (3 % replays); re-runs for 3 % of jobs; 150 flaky
 *   tests.
 */
export function seedSql(jobs: number): string {
  return `
SELECT setseed(0.24);
INSERT INTO autofix.repositories (full_name, created_at)
  SELECT format('org-%s/service-%s', n % 7 + 1, n), now() - interval '200 days' FROM generate_series(1, 30) n;

CREATE TEMP TABLE seed AS
SELECT n, gen_random_uuid() AS id,
  (SELECT min(id) FROM autofix.repositories) + floor(30 * power(random(), 1.8))::int AS repo,
  1 + floor(random() * 400)::int AS pr,
  md5(n::text) || substr(md5((n + 1)::text), 1, 8) AS sha,
  CASE WHEN random() < 0.05 THEN 'command' ELSE 'fix' END AS kind,
  now() - random() * interval '90 days' AS created_at,
  random() AS r_state, random() AS r_outcome, random() AS r_model, random() AS r_time
FROM generate_series(1, ${jobs}) n;

ALTER TABLE seed ADD COLUMN state text, ADD COLUMN outcome text;
UPDATE seed SET state = CASE
    WHEN created_at > now() - interval '4 hours' AND r_state < 0.3 THEN (ARRAY['waiting', 'queued', 'running'])[1 + n % 3]
    WHEN r_state < 0.90 THEN 'done' WHEN r_state < 0.95 THEN 'failed'
    WHEN r_state < 0.98 THEN 'superseded' ELSE 'cancelled' END;
UPDATE seed SET outcome = CASE
    WHEN state = 'failed' THEN 'failed'
    WHEN state <> 'done' THEN NULL
    WHEN r_outcome < 0.42 THEN 'fixed' WHEN r_outcome < 0.50 THEN 'partial'
    WHEN r_outcome < 0.65 THEN 'not-fixable' WHEN r_outcome < 0.69 THEN 'validation-failed'
    WHEN r_outcome < 0.74 THEN 'nothing-to-fix' ELSE 'skipped' END;

INSERT INTO autofix.jobs (id, key, kind, repository_id, pr_number, head_sha, branch_key, trigger, source,
    payload, state, reason, attempts, created_at, queued_at, started_at, finished_at)
SELECT s.id, format('%s:%s#%s:%s:suite:%s', s.kind, r.full_name, s.pr, s.sha, s.n), s.kind, s.repo, s.pr,
  CASE WHEN s.kind = 'fix' THEN s.sha ELSE '' END, format('%s#%s', r.full_name, s.pr),
  CASE WHEN s.kind = 'fix' THEN 'suite:' || s.n ELSE 'comment:' || s.n END,
  CASE WHEN s.kind = 'command' THEN 'command' WHEN s.n % 4 = 0 THEN 'poll' ELSE 'webhook' END,
  jsonb_build_object('kind', s.kind, 'repo', r.full_name, 'pr', s.pr, 'headSha', s.sha,
    'headRepo', r.full_name, 'headBranch', 'feature/' || s.pr, 'trigger', 'suite:' || s.n, 'source', 'webhook'),
  s.state,
  CASE s.state WHEN 'superseded' THEN 'a newer commit was pushed' WHEN 'cancelled' THEN 'the PR was closed' END,
  CASE WHEN s.state IN ('done', 'failed', 'running') THEN 1 + (s.r_time < 0.05)::int ELSE 0 END,
  s.created_at, s.created_at + interval '50 ms',
  CASE WHEN s.state IN ('done', 'failed', 'running') THEN s.created_at + interval '1 second' END,
  CASE WHEN s.state IN ('done', 'failed') THEN s.created_at + (20 + s.r_time * 600) * interval '1 second'
       WHEN s.state IN ('superseded', 'cancelled') THEN s.created_at + interval '1 minute' END
FROM seed s JOIN autofix.repositories r ON r.id = s.repo;

INSERT INTO autofix.attempts (job_id, number, worker, started_at, finished_at, error)
SELECT j.id, a, 'worker-' || (hashtext(j.id::text) & 3) || ':' || (1000 + a), j.started_at,
  CASE WHEN a < j.attempts THEN j.started_at + interval '30 s' WHEN j.state <> 'running' THEN j.finished_at END,
  CASE WHEN a < j.attempts THEN 'GitHub answered 502: will retry' WHEN j.state = 'failed' THEN 'clone failed' END
FROM autofix.jobs j, generate_series(1, j.attempts) a;

INSERT INTO autofix.outcomes (job_id, outcome, reason, published, commits, cost_usd, duration_ms, detail,
    input_tokens, output_tokens, created_at)
SELECT s.id, s.outcome,
  CASE s.outcome WHEN 'skipped' THEN 'attempted before for this failure' WHEN 'failed' THEN 'clone failed'
    WHEN 'not-fixable' THEN '2 finding(s) need a person' END,
  CASE WHEN s.outcome IN ('fixed', 'partial') THEN (ARRAY['push', 'suggestions', 'branch'])[1 + s.n % 3] ELSE 'none' END,
  CASE WHEN s.outcome IN ('fixed', 'partial') THEN 1 + s.n % 3 ELSE 0 END,
  m.usd, (20000 + s.r_time * 600000)::int,
  jsonb_build_object(
    'pull_request', jsonb_build_object('repo', r.full_name, 'number', s.pr,
      'url', format('https://github.com/%s/pull/%s', r.full_name, s.pr), 'head_sha', s.sha),
    'failed_jobs', jsonb_build_array('lint', 'test (3.12)'),
    'fixers', CASE WHEN s.outcome IN ('skipped', 'failed', 'nothing-to-fix') THEN '[]'::jsonb
      ELSE jsonb_build_array(jsonb_build_object('fixer', 'ruff-check', 'kept', s.outcome <> 'validation-failed'),
        jsonb_build_object('fixer', (ARRAY['ruff-format', 'eslint', 'prettier', 'model'])[1 + s.n % 4],
          'kept', s.r_outcome < 0.45)) END,
    'github_requests', 12 + s.n % 20, 'notes', jsonb_build_array('read against 2 passing log(s) of the same job(s) on main')),
  m.input, m.output, s.created_at + interval '5 minutes'
FROM seed s JOIN autofix.repositories r ON r.id = s.repo,
  LATERAL (SELECT CASE WHEN s.r_model < 0.35 AND s.outcome NOT IN ('skipped', 'failed', 'nothing-to-fix')
      THEN 0.01 + s.r_model * 1.7 ELSE 0 END AS usd) c,
  LATERAL (SELECT c.usd AS usd, (c.usd * 200000)::int AS input, (c.usd * 8000)::int AS output) m
WHERE s.outcome IS NOT NULL;

-- As recordOutcome writes them: each fixer's try of the outcome's detail.
INSERT INTO autofix.fixer_tries (job_id, fixer, kept, job_created_at)
SELECT o.job_id, f->>'fixer', (f->'kept')::boolean, j.created_at
FROM autofix.outcomes o JOIN autofix.jobs j ON j.id = o.job_id, jsonb_array_elements(o.detail->'fixers') f;

INSERT INTO autofix.spend (at, key, usd, model, requests, input_tokens, output_tokens)
SELECT o.created_at, format('pr:%s#%s', j.repository_id, j.pr_number), o.cost_usd, 'claude-sonnet-4-5',
  1 + (o.input_tokens / 40000)::int, o.input_tokens::int, o.output_tokens::int
FROM autofix.outcomes o JOIN autofix.jobs j ON j.id = o.job_id WHERE o.cost_usd > 0;

CREATE TEMP TABLE tools (i int, tool text, code text, category text, fixability text, fixer text);
INSERT INTO tools VALUES (0, 'ruff', 'F401', 'import', 'deterministic', 'ruff-check'),
  (1, 'ruff', 'E501', 'format', 'deterministic', 'ruff-format'), (2, 'mypy', 'arg-type', 'type', 'llm', 'model'),
  (3, 'eslint', 'no-unused-vars', 'lint', 'deterministic', 'eslint'), (4, 'tsc', 'TS2322', 'type', 'llm', 'model'),
  (5, 'prettier', NULL, 'format', 'deterministic', 'prettier'), (6, 'pytest', NULL, 'test', 'llm', 'model'),
  (7, 'jest', NULL, 'test', 'llm', 'model'), (8, 'go-vet', 'printf', 'lint', 'llm', 'model'),
  (9, 'clippy', 'needless_return', 'lint', 'deterministic', 'cargo-clippy'),
  (10, 'npm', 'lockfile-changed', 'dependency', 'none', NULL), (11, 'flake8', 'W291', 'lint', 'llm', 'model');
INSERT INTO autofix.diagnostics (job_id, tool, code, category, fixability, fixed, fixer, path, message,
  job_created_at)
SELECT s.id, t.tool, t.code, t.category, t.fixability, fixed, CASE WHEN fixed THEN t.fixer END,
  format('src/pkg%s/module_%s.py', k, s.n % 50),
  format('%s %s: something about name_%s on line %s', t.tool, coalesce(t.code, ''), s.n % 97, k * 7),
  s.created_at
FROM seed s, generate_series(1, (s.n * 7919 % 7)) k,
  LATERAL (SELECT (s.outcome = 'fixed' OR (s.outcome = 'partial' AND k % 2 = 1)) AS fixed) f,
  tools t
WHERE s.outcome NOT IN ('skipped', 'failed') AND t.i = (s.n + k * 5) % 12;

INSERT INTO autofix.job_events (job_id, seq, at, type, data)
SELECT s.id, e, s.created_at + e * interval '2 seconds',
  (ARRAY['pr-failed-jobs', 'check-chosen', 'checked', 'planned', 'step', 'validating', 'committed', 'published', 'note'])[1 + e % 9],
  jsonb_build_object('files', jsonb_build_array('src/app/models.py', 'src/app/views.py'),
    'fixer', 'ruff-check', 'command', jsonb_build_array('ruff', 'check', '--fix'), 'subject', 'fix(ruff): 3 findings')
FROM seed s, generate_series(1, 10 + s.n % 21) e
WHERE s.created_at > now() - interval '15 days' AND s.state <> 'waiting' AND s.state <> 'queued';

INSERT INTO autofix.fix_memory (repository_id, pr, head_sha, signature, tool, code, language, pattern,
    strategy, path, code_key, result, commit_sha, cost_usd, input_tokens, output_tokens, ms, had_memory,
    verdict, at)
SELECT s.repo, s.pr, s.sha, 'sig' || ((s.n * 31 + k) % 400), 'ruff', 'F401', 'python', '<q> imported but unused',
  CASE WHEN s.n % 33 = 0 THEN 'replay:model' WHEN k = 1 THEN 'tool:ruff' ELSE 'model:anthropic/claude-sonnet-4-5' END,
  'src/a.py', 'key' || (s.n % 900), CASE WHEN s.outcome = 'fixed' THEN 'published' ELSE 'failed' END,
  CASE WHEN s.outcome = 'fixed' THEN s.sha END, CASE WHEN k = 2 THEN 0.03 ELSE 0 END, 1000, 100, 900,
  s.n % 3 = 0, CASE WHEN s.n % 5 = 0 THEN 'accepted' WHEN s.n % 23 = 0 THEN 'rejected' END, s.created_at
FROM seed s, generate_series(1, 2) k WHERE s.outcome IN ('fixed', 'partial');

INSERT INTO autofix.reruns (repository_id, run_id, attempt, job, head_sha, verdict, reason, requested_at, result)
SELECT s.repo, s.n, 1, 'test (3.12)', s.sha, CASE WHEN s.n % 2 = 0 THEN 'flaky' ELSE 'infrastructure' END,
  'runner lost', s.created_at, (ARRAY['passed', 'failed', NULL])[1 + s.n % 3]
FROM seed s WHERE s.r_state > 0.97;

INSERT INTO autofix.flaky_tests (repository_id, test, first_seen, last_seen, failures, commits)
SELECT (SELECT min(id) FROM autofix.repositories) + n % 30, 'tests/test_api.py::test_' || n,
  now() - interval '80 days', now() - (n % 60) * interval '1 day', 1 + n % 17, ARRAY['abc', 'def']
FROM generate_series(1, 150) n;

DROP TABLE seed;
DROP TABLE tools;
`;
}
