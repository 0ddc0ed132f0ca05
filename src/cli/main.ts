import { Command, CommanderError, Option } from 'commander';
import { isAutofixError } from '../domain/index.js';
import { packageVersion } from '../compose/version.js';

/** Exit codes: 0 done, 1 a finding the command reports as failure (or an external failure), 2 usage or unreadable input. */
export const EXIT_USAGE = 2;

export function buildProgram(): Command {
  const program = new Command('ci-autofix')
    .description(
      'Repairs failing CI: reads the logs, fixes what tools can fix, asks a model for the rest, proves every fix.',
    )
    .version(packageVersion(), '-V, --version')
    .showHelpAfterError('(run ci-autofix --help for usage)')
    .exitOverride();

  // Each command's code loads only when it runs (the dynamic import in its action): a short start-up.
  addAnalyzeCommand(program);
  addFixCommand(program);
  addPrCommand(program);
  addServeCommand(program);
  addStatsCommand(program);
  addMemoryCommand(program);
  addDemoCommand(program);
  return program;
}

function addAnalyzeCommand(program: Command): void {
  program
    .command('analyze')
    .description(
      'Turn CI logs into classified diagnostics and the lines that explain the failure. Reads raw GitHub Actions job logs, run-log zips, `gh run view --log` output, plain tool output, or .gz logs; stdin when no FILE is given.',
    )
    .argument('[files...]', 'log files, run zips, or - for stdin')
    .addOption(
      new Option('-f, --format <format>', 'output format').choices(['text', 'json', 'sarif']).default('text'),
    )
    .option('-c, --config <file>', 'repository config (default: ./.ci-autofix.yml when present)')
    .option('--color', 'colour the text output (default: when stdout is a terminal)')
    .option('--no-color', 'never colour the text output')
    .option('--max-diagnostics <n>', 'diagnostics kept in memory and output; more are counted (default 5000)')
    .option(
      '--baseline <log>',
      "a passing run's log of the same job (repeatable): lines it printed too are context, not the failure's explanation",
      (v: string, prev: string[] = []) => [...prev, v],
    )
    .action(async (files: string[], options) => {
      const { analyzeCommand } = await import('./commands/analyze.js');
      process.exitCode = await analyzeCommand(files, options, {
        stdout: process.stdout,
        isTTY: process.stdout.isTTY,
      });
    });
}

function addFixCommand(program: Command): void {
  program
    .command('fix')
    .description(
      'Fix a failing check in a git checkout: run the check (or read --log), apply deterministic fixers in a separate worktree inside the sandbox, keep each fix only if the check no longer reports what it targeted and nothing new, commit each fix kind, and move your branch. Exit 0 only when the check ends green.',
    )
    .option('--cwd <dir>', 'the repository (default: the current directory)')
    .option(
      '--log <file>',
      'a CI log (or run zip) to plan from; repeatable',
      (v: string, prev: string[] = []) => [...prev, v],
    )
    .option(
      '--check <cmd>',
      'the command that proves the repository green (default: .ci-autofix.yml, else detected)',
    )
    .option(
      '--base <ref>',
      "fix only files changed since REF (from the merge base, as a pull request's diff); others' findings are listed",
    )
    .option('-c, --config <file>', 'repository config (default: .ci-autofix.yml at the repository root)')
    .option('--dry-run', 'print the plan; change nothing')
    .option('--no-commit', 'leave the validated change uncommitted in the worktree and print the diff')
    .addOption(
      new Option('--sandbox <kind>', 'where repository code runs').choices(['auto', 'bwrap', 'local']),
    )
    .addOption(new Option('-f, --format <format>', 'output format').choices(['text', 'json']).default('text'))
    .action(async (options) => {
      const { fixCommand } = await import('./commands/fix.js');
      process.exitCode = await fixCommand(options);
    });
}

function addPrCommand(program: Command): void {
  program
    .command('pr')
    .description(
      "Fix a pull request's failing CI on GitHub: read its failed jobs' logs, fix a clone of its head (only the PR's own files), validate, then push the commits (AUTO_APPROVE=true) or propose them as suggestions or a fix branch (the default), and keep one status comment up to date. Needs GITHUB_TOKEN (or GITHUB_APP_ID and GITHUB_PRIVATE_KEY); GITHUB_API_URL for GitHub Enterprise Server. Exit 0 when fixed and published.",
    )
    .argument('<pull-request>', 'OWNER/REPO#NUMBER or the pull request URL')
    .addOption(new Option('-f, --format <format>', 'output format').choices(['text', 'json']).default('text'))
    .option('--dry-run', 'everything but publishing: no push, no comment, no webhook')
    .option(
      '--check <cmd>',
      "the command that proves the head green (default: the repository's config, else detected)",
    )
    .option(
      '--dependencies-from <dir>',
      'a checkout whose installed dependencies (node_modules, .venv) the fix may use, e.g. the workflow workspace',
    )
    .option('--max-attempts <n>', "fix attempts per pull request (default: the repository's max_attempts, 3)")
    .addOption(
      new Option('--sandbox <kind>', 'where repository code runs').choices(['auto', 'bwrap', 'local']),
    )
    .action(async (target: string, options) => {
      const { prCommand } = await import('./commands/pr.js');
      process.exitCode = await prCommand(target, options);
    });
}

function addServeCommand(program: Command): void {
  program
    .command('serve')
    .description(
      'Run the service: GitHub webhooks at POST /webhook (GITHUB_WEBHOOK_SECRET), polling of REPO_OWNER/REPO_NAME or REPOSITORIES every MONITOR_INTERVAL seconds, workers running the pr job for each failed PR, /healthz, /readyz and /metrics. State in DATABASE_URL (PostgreSQL), else an embedded database in CI_AUTOFIX_DATA_DIR (.ci-autofix).',
    )
    .option('-p, --port <port>', 'HTTP port (default: PORT, else 8080)')
    .addOption(
      new Option('--sandbox <kind>', 'where repository code runs').choices(['auto', 'bwrap', 'local']),
    )
    .action(async (options) => {
      const { serveCommand } = await import('./commands/serve.js');
      process.exitCode = await serveCommand(options);
    });
}

function addStatsCommand(program: Command): void {
  program
    .command('stats')
    .description(
      "The service's history from its database: success rate by repository, category, tool and fixer, time to fix, cost per fix and per day, attempts per PR, the most frequent unfixed findings.",
    )
    .addOption(new Option('-f, --format <format>', 'output format').choices(['text', 'json']).default('text'))
    .option('--since <when>', 'only jobs since a date (2026-11-01) or for the last days (7d)')
    .option(
      '--html <file>',
      "write the overview (the dashboard's figures and latest jobs) as one self-contained HTML file instead",
    )
    .action(async (options) => {
      const { statsCommand } = await import('./commands/stats.js');
      process.exitCode = await statsCommand(options);
    });
}

function addMemoryCommand(program: Command): void {
  program
    .command('memory')
    .description(
      "The fix memory in the service's database (DATABASE_URL, else the embedded one): per finding signature and strategy, what was tried, kept, published, accepted and rejected. `list`, `show SIGNATURE`, `forget [SIGNATURE] [--repo R | --all]`.",
    )
    .argument('<action>', 'list | show | forget')
    .argument('[signature]', 'a signature (the first column of `memory list`)')
    .addOption(new Option('-f, --format <format>', 'output format').choices(['text', 'json']).default('text'))
    .option('--repo <owner/name>', 'only this repository')
    .option('--all', 'forget: everything')
    .option('--local', "the local `fix`'s memory (in the state folder) instead of the service's database")
    .action(async (action: string, signature: string | undefined, options) => {
      const { memoryCommand } = await import('./commands/memory.js');
      process.exitCode = await memoryCommand(action, signature, options);
    });
}

function addDemoCommand(program: Command): void {
  program
    .command('demo')
    .description(
      'Run the whole pipeline on a bundled example: copy it into a temporary git repository with a commit that breaks its check, then fix it (no network, no credentials).',
    )
    .argument('[example]', 'which example', 'python')
    .action(async (example: string) => {
      const { demoCommand } = await import('./commands/demo.js');
      process.exitCode = await demoCommand(example);
    });
}

export async function main(argv: string[]): Promise<number> {
  const program = buildProgram();
  try {
    await program.parseAsync(argv);
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (err) {
    if (err instanceof CommanderError) {
      // --help and --version end through here too, with exit code 0.
      return err.exitCode === 0 ? 0 : EXIT_USAGE;
    }
    if (isAutofixError(err)) {
      process.stderr.write(`ci-autofix: ${err.message}\n`);
      // A user's mistake (usage, configuration, input) is 2; GitHub or git failing is 1, like a bug.
      return err.audience === 'user' ? EXIT_USAGE : 1;
    }
    process.stderr.write(
      `ci-autofix: unexpected error (a bug; please report it): ${(err as Error)?.stack ?? String(err)}\n`,
    );
    return 1;
  }
}
