import { execFileSync, spawn } from 'node:child_process';
import { createWriteStream, readFileSync, type WriteStream } from 'node:fs';

/** The runner's timestamp: ISO 8601 with seven fractional digits. */
const stamp = () => `${new Date().toISOString().slice(0, -1)}0000Z`;

/** A job log as the runner writes it: every line stamped as it arrives, the checkout's paths replaced. */
export class JobLog {
  private readonly out: WriteStream;
  count = 0;
  constructor(
    file: string,
    private readonly replacements: Array<[string, string]>,
  ) {
    this.out = createWriteStream(file);
  }
  line(text: string): void {
    let t = text;
    for (const [from, to] of this.replacements) if (t.includes(from)) t = t.split(from).join(to);
    this.out.write(`${stamp()} ${t}\n`);
    this.count++;
  }
  lines(texts: string[]): void {
    for (const t of texts) this.line(t);
  }
  close(): Promise<void> {
    return new Promise((r) => this.out.end(r));
  }
}

/**
 * Runs a script with bash -e as the runner does a `run:` step, stdout and stderr merged in order, line
 * by line; with `limitSeconds`, the step's processes are killed when it runs longer.
 */
export function runStep(
  script: string,
  cwd: string,
  env: NodeJS.ProcessEnv,
  log: JobLog,
  limitSeconds?: number,
): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn('bash', ['--noprofile', '--norc', '-e', '-c', `exec 2>&1\n${script}`], {
      cwd,
      env,
      stdio: ['ignore', 'pipe', 'inherit'],
      detached: limitSeconds !== undefined,
    });
    const timer = limitSeconds
      ? setTimeout(() => process.kill(-child.pid!, 'SIGKILL'), limitSeconds * 1000)
      : undefined;
    let rest = '';
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      const parts = (rest + chunk).split('\n');
      rest = parts.pop()!;
      log.lines(parts);
    });
    child.on('error', reject);
    child.on('close', (code) => {
      if (timer) clearTimeout(timer);
      if (rest) log.line(rest);
      resolve(code ?? 1);
    });
  });
}

/** actions/checkout's lines for `repo` at `commit`, in the runner's workspace `ws`. */
export function checkoutStep(repo: string, commit: string, ws: string): string[] {
  return [
    '##[group]Run actions/checkout@v5',
    'with:',
    `  repository: ${repo}`,
    '  token: ***',
    '  persist-credentials: false',
    '  fetch-depth: 1',
    '##[endgroup]',
    `Syncing repository: ${repo}`,
    '##[group]Getting Git version info',
    `Working directory is '${ws}'`,
    '[command]/usr/bin/git version',
    execFileSync('git', ['version'], { encoding: 'utf8' }).trim(),
    '##[endgroup]',
    `[command]/usr/bin/git init ${ws}`,
    `Initialized empty Git repository in ${ws}/.git/`,
    `[command]/usr/bin/git -c protocol.version=2 fetch --no-tags --prune --no-recurse-submodules --depth=1 origin +${commit}:refs/remotes/origin/main`,
    `[command]/usr/bin/git checkout --progress --force -B main refs/remotes/origin/main`,
    `Switched to a new branch 'main'`,
    `[command]/usr/bin/git log -1 --format=%H`,
    commit,
  ];
}

export interface StepResult {
  run: string;
  exit: number | 'skipped';
  seconds: number;
}

/**
 * The job's `run:` steps as the runner logs them (a `##[group]Run` header with the script, shell and
 * env, the output, `##[error]Process completed with exit code N.` on failure), later steps skipped after
 * a failure unless `always`, then the post-job lines. With `pathFile` (GITHUB_PATH), what a step added
 * to it goes first on the next steps' PATH.
 */
export async function runSteps(
  steps: ReadonlyArray<{ run: string; always?: boolean }>,
  o: {
    cwd: string;
    env: NodeJS.ProcessEnv;
    stepEnv: string[];
    log: JobLog;
    limitSeconds?: number;
    pathFile?: string;
  },
): Promise<StepResult[]> {
  const results: StepResult[] = [];
  const basePath = o.env.PATH ?? '';
  let failed = false;
  for (const step of steps) {
    if (failed && !step.always) {
      results.push({ run: step.run, exit: 'skipped', seconds: 0 });
      continue;
    }
    const lines = step.run.split('\n');
    o.log.lines([`##[group]Run ${lines[0]}`, ...lines, 'shell: /usr/bin/bash -e {0}', 'env:']);
    o.log.lines([...o.stepEnv.map((e) => `  ${e}`), '##[endgroup]']);
    const start = Date.now();
    const exit = await runStep(step.run, o.cwd, o.env, o.log, o.limitSeconds);
    results.push({ run: step.run, exit, seconds: (Date.now() - start) / 1000 });
    const added = o.pathFile ? readFileSync(o.pathFile, 'utf8').split('\n').filter(Boolean).reverse() : [];
    if (added.length) o.env.PATH = [...added, basePath].join(':');
    if (exit !== 0) {
      o.log.line(`##[error]Process completed with exit code ${exit}.`);
      failed = true;
    }
  }
  const git = execFileSync('git', ['version'], { encoding: 'utf8' }).trim();
  o.log.lines(['Post job cleanup.', '[command]/usr/bin/git version', git, 'Cleaning up orphan processes']);
  return results;
}
