/**
 * bench/dashboard/real-prs: the dashboard on what `ci-autofix serve` did with real pull requests, as a
 * person reads it. Each bench/real-repos case (a public repository, the commit whose CI failed, the
 * project's own check) becomes a pull request on the local GitHub double: the failing commit is the head,
 * titled with the commit's own subject; the base is its parent plus the commit that adopts ci-autofix
 * (`.ci-autofix.yml` naming the check). A signed `workflow_run` webhook carrying the check's real output
 * as the job's log reaches `serve` (PostgreSQL, the case's tools on its PATH, the defaults otherwise),
 * which runs the job. Then the dashboard's pages are read in Debian's Chromium: no console error, no
 * serious axe-core violation, every title shown as the author wrote it, each job's page saying what the
 * service logged, and the overview's cards equal to `ci-autofix stats --format json`.
 *
 *   npm run build && npx tsx bench/dashboard/real-prs.ts [--only ID,...] [--mirrors DIR]
 *
 * Needs the repositories' mirrors (the `fetch` tool: /work/.mirror/owner+name/repo) and the local wheel
 * index, as bench/real-repos does.
 */
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Stats } from '../../src/store/stats.js';
import { axeViolations, launchChromium, signIn, watchPage } from '../../test/helpers/browser.js';
import { cliAsync } from '../../test/helpers/cli.js';
import { cardsOf, overviewCards } from '../../test/helpers/dashboard-cards.js';
import { createTestDatabase } from '../../test/helpers/databases.js';
import { startGitHubServer, webhookPayload } from '../../test/helpers/github-server/index.js';
import { deliver, startServe } from '../../test/helpers/serve-process.js';
import { cloneCase } from '../real-repos/clone-case.js';
import { runCheck } from '../real-repos/exec-command.js';
import { loadCases } from '../real-repos/real-case.js';
import { failingPullRequest, git, realPrOptions } from '../real-repos/pr-options.js';
import { prepareToolchain } from '../real-repos/toolchain.js';

const root = join(import.meta.dirname, '../..');
const { mirrors, only, dataDir } = realPrOptions(process.argv.slice(2), root);
const SECRET = 'real-prs-webhook-secret-0123456789';
const TOKEN = 'real-prs-dashboard-token-0123456789';

const server = await startGitHubServer();
const token = server.createToken();
const db = await createTestDatabase('postgres');
await db.db.close();
const service = (env: NodeJS.ProcessEnv = process.env) =>
  startServe({
    ...(env as Record<string, string>),
    ...server.clientEnv,
    DATABASE_URL: db.url!,
    GITHUB_TOKEN: token,
    GITHUB_WEBHOOK_SECRET: SECRET,
    DASHBOARD_TOKEN: TOKEN,
    AUTO_APPROVE: 'true',
    MONITOR_INTERVAL: '0',
    WORKER_CONCURRENCY: '1',
  });

/** Each case's pull request and what the service logged of its job. */
const jobs: Array<{ id: string; repo: string; number: number; title: string; outcome: string }> = [];
for (const c of loadCases(join(root, 'bench/real-repos/cases.json')).filter((x) => only.includes(x.id))) {
  const clone = cloneCase(mirrors, c);
  const env = prepareToolchain(c, clone, dataDir);
  const before = runCheck(c.check, clone, env, 600);
  if (before.code === 0) {
    console.log(`${c.id}: the check is already green at the failing commit: left out`);
    continue;
  }
  const head = git(clone, 'rev-parse', 'HEAD');
  const title = git(clone, 'log', '-1', '--format=%s', c.failing_commit);
  // The base adopts ci-autofix: its configuration (read from the default branch) names the check.
  git(clone, 'checkout', '--quiet', '--detach', `${c.failing_commit}^1`);
  writeFileSync(join(clone, '.ci-autofix.yml'), `check: ${JSON.stringify(c.check)}\n`);
  git(clone, 'add', '--force', '.ci-autofix.yml');
  git(clone, 'commit', '--quiet', '--no-verify', '-m', 'Adopt ci-autofix');
  git(clone, 'branch', '--force', 'main', 'HEAD');
  git(clone, 'branch', '--force', 'feature', head);
  git(clone, 'checkout', '--quiet', 'feature');
  const repo = `${c.repo}-${c.id}`;
  await server.addRepo({ fullName: repo, from: clone, defaultBranch: 'main' });
  const { pull, run } = failingPullRequest(server, repo, c, { head, check: before, title });
  const serve = await service(env);
  const payload = webhookPayload(server, 'workflow_run.completed', { repo, runId: run.id });
  const delivered = await deliver(serve.url, 'workflow_run', payload, SECRET);
  const done = await serve.waitForLog((e) => e.msg === 'job finished', 900_000);
  await serve.stop();
  jobs.push({ id: c.id, repo, number: pull.number, title, outcome: String(done.outcome) });
  const why = done.reason ? ` (${String(done.reason)})` : '';
  console.log(
    `${c.id}: webhook ${delivered.status}, ${String(done.outcome)}${why} in ${Number(done.ms) / 1000} s`,
  );
  execFileSync('rm', ['-rf', clone]);
}

// The dashboard, read as a person reads it.
const serve = await service();
const browser = await launchChromium();
const page = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
const watched = watchPage(page);
await signIn(page, serve.url, TOKEN);
const problems: string[] = [];
const look = async (path: string) => {
  await page.goto(`${serve.url}${path}`);
  await page.waitForLoadState('load');
  const serious = (await axeViolations(page)).filter((v) => ['serious', 'critical'].includes(v.impact ?? ''));
  for (const v of serious) problems.push(`${path}: axe ${v.id}`);
  problems.push(...watched.problems.splice(0).map((p) => `${path}: ${p}`));
  return page.locator('main').innerText();
};
for (const path of ['/dashboard', '/dashboard/repositories', '/dashboard/tools', '/dashboard/failures'])
  await look(path);
await look('/dashboard/memory');
const list = await look('/dashboard/jobs');
const rows: string[] = [];
for (const j of jobs) {
  await look('/dashboard/jobs');
  const titled = await page.locator(`[data-field="title"][title="${j.title.replace(/"/g, '\\"')}"]`).count();
  const href = await page
    .locator('tr', { has: page.locator(`a[href$="/${j.repo}/pull/${j.number}"]`) })
    .locator('a[href^="/dashboard/jobs/"]')
    .getAttribute('href');
  const text = await look(href!);
  const shown = await page.locator('[data-outcome]').first().getAttribute('data-outcome');
  const events = await page.locator('li[data-event]').count();
  const ok = titled === 1 && text.includes(j.title) && shown === j.outcome && events > 0;
  if (!ok)
    problems.push(`${j.id}: title in list ${titled}, on page ${text.includes(j.title)}, outcome ${shown}`);
  rows.push(`| ${j.id} | ${j.title} | ${j.outcome} | ${shown} | ${events} | ${ok ? 'yes' : 'NO'} |`);
}
await page.goto(`${serve.url}/dashboard`);
const { since, cards } = await overviewCards(page);
await browser.close();
await serve.stop();
const stats = await cliAsync(['stats', '--format', 'json', '--since', since], { DATABASE_URL: db.url! });
const expected = cardsOf(JSON.parse(stats.stdout) as Stats);
for (const [k, v] of Object.entries(expected))
  if (cards[k] !== v) problems.push(`overview card ${k}: ${cards[k]}, stats say ${v}`);

console.log(
  `\n| case | pull request's title | outcome (service log) | job page | events | right |\n|---|---|---|---|---|---|`,
);
for (const r of rows) console.log(r);
console.log(`\noverview cards: ${JSON.stringify(cards)}`);
console.log(
  `jobs listed: ${(list.match(/\n/g) ?? []).length} lines; problems: ${problems.length ? problems.join('; ') : 'none'}`,
);
if (server.violations.length) console.log(`OpenAPI violations: ${server.violations.join('; ')}`);
await server.close();
await db.drop();
process.exit(problems.length ? 1 : 0);
