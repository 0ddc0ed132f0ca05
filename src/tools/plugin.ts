import type { InfrastructureSignature, ParsedDiagnostic } from '../domain/index.js';
import type { Fixer } from './fixer.js';
import type { LogParser } from './parser.js';
import type { Ecosystem } from './shared/ecosystems.js';
import type { Verdict } from './verdict.js';

/**
 * Everything ci-autofix knows about one tool, in the tool's folder (`src/tools/<tool>/`), behind this one
 * interface; `registry.ts` lists them. Every part is optional: a test runner has a parser and a verdict,
 * a tool installed only for its pinned version has a pin. The parts are data and pure functions: the
 * pipeline runs commands, reads files and talks to the model; a plugin only says what to run and how to
 * read the answer.
 */
export interface ToolPlugin {
  /** `source.name` of its findings, and the name in `.ci-autofix.yml` (`tools.<name>`). */
  readonly name: string;
  /** Other `source.name`s its parser emits (a package manager's parser names yarn and pnpm too). */
  readonly aliases?: readonly string[];
  /** A test runner: its findings are failing tests (test summaries, flaky judgement). */
  readonly runsTests?: boolean;
  /** How to read its output in a log. */
  readonly parser?: LogParser;
  /** Whether one of its findings is fixed by a tool, by a model, or not at all, and why. */
  verdict?(d: ParsedDiagnostic): Verdict;
  /** Its fix modes, each for the findings it repairs. */
  readonly fixers?: readonly Fixer[];
  /** How to ask it which findings it can fix, before planning. */
  readonly ask?: ToolAsk;
  /** How a repository pins its version, and how that version is installed. */
  readonly pin?: ToolPin;
  /** How a repository that declares no check command configures it, and the commands that check it. */
  readonly check?: ToolCheck;
  /**
   * How it runs package.json scripts, when its lockfile is there (the entry with no lockfile is the
   * default). The first whose lockfile the repository has wins.
   */
  readonly packageScripts?: ReadonlyArray<{ lockfile?: string; run(script: string): string[] }>;
  /** pre-commit hooks that run it, by hook id: run offline as commands of their own. */
  readonly preCommitHooks?: Readonly<Record<string, PreCommitHook>>;
  /** Where its settings live: a change there silences it (anti-cheat), and a model is shown them. */
  readonly config?: ToolConfig;
  /** The ways a change can silence it instead of fixing what it reports (the anti-cheat table). */
  readonly suppressions?: readonly Suppression[];
  /** Rules whose own edit may rewrite an assertion, and the lines each accepts for a line. */
  readonly assertionRewrites?: Readonly<Record<string, (line: string) => string[]>>;
  /**
   * Code that asserts or skips tests in its framework (the safety policy refuses a fix that loosens
   * them), in the files it applies to (its language: jest's `expect(` is no assertion in Rust).
   */
  readonly testCode?: { files: RegExp; asserts?: RegExp; skips?: RegExp };
  /** Lines of its output that explain a failure when no parser understood it (the log's excerpts). */
  readonly excerpts?: readonly ExcerptRule[];
  /**
   * Variables its programs need in the sandbox, from the parent's environment (where rustup keeps its
   * toolchains): names that mark a secret are refused by the sandbox whatever a plugin says.
   */
  env?(parent: NodeJS.ProcessEnv): Record<string, string>;
  /** Globs of its test files (a fix may not delete one). */
  readonly testFiles?: readonly string[];
  /**
   * Names it prints without quotes (`Unused import os`): each regex's groups are names, masked in a
   * finding's signature (triage/signature.ts) as quoted ones are. Flags `gd` (the groups' places).
   */
  readonly unquotedNames?: readonly RegExp[];
  /**
   * Folders of the repository its programs write build output to (cargo's `target/`), found from its
   * tracked files: ci-autofix's worktree ignores them whatever the repository's .gitignore says, so that
   * output is never part of a fix's diff.
   */
  buildOutput?(repo: RepositoryFiles): string[];
  /** Its own lines that say the infrastructure failed the job (a registry, the network), before the generic table's. */
  readonly infrastructure?: readonly InfrastructureSignature[];
}

/** A repository as a plugin may read it: its tracked paths, and a tracked file's text. */
export interface RepositoryFiles {
  tracked: readonly string[];
  read(path: string): string | undefined;
}

/** A finding as a tool reports it when asked (`ruff check --output-format json`). */
export interface ToolFinding {
  path: string;
  line: number;
  code: string | null;
  fix: 'safe' | 'unsafe' | 'none';
}

/**
 * How to ask a tool which findings it fixes: the pipeline runs `argv` in the sandbox (read-only) and
 * hands the JSON array it printed to `read`. `sources` are the tools whose findings it answers for.
 */
export interface ToolAsk {
  program: string;
  sources: readonly string[];
  /** Which findings it can be asked about. */
  asks(d: ParsedDiagnostic): boolean;
  argv(program: string, files: string[], codes: string[], source: string): string[];
  read(items: unknown[], relative: (path: string) => string): ToolFinding[];
  /** Rules whose fix the tool calls unsafe although it is exactly the edit the rule asks for. */
  readonly unsafeFixesAskedFor?: ReadonlySet<string>;
  /** Asking builds the project (clippy compiles into `target/`): the worktree is writable for it. */
  readonly writesBuildOutput?: boolean;
}

export interface ToolPin {
  ecosystem: Ecosystem;
  /** The package that brings it, when its name is not the tool's (`@biomejs/biome`). */
  package?: string;
  /** Installed at its pinned version; false when only the project's own install works (eslint's plugins). */
  provisioned: boolean;
  /** pre-commit hook repositories that run it (their `rev:` is its version), by the end of their URL. */
  preCommitRepos?: RegExp;
  /**
   * Whether a `rev:` of its hook repository is its version (when absent, any release number is). Either
   * way, a hook's `additional_dependencies` entry that names its package at a version says it first.
   */
  preCommitRevIsVersion?(rev: string): boolean;
  /** ci-autofix's own use of it, at the release it is tested with, when the repository has none. */
  helper?: { version: string; use: string };
  /** Another tool whose fixers fix this one's findings (flake8's by ruff's rules of the same codes). */
  fixedBy?: string;
}

export interface ToolCheck {
  /** Its settings in pyproject.toml / setup.cfg (a section header), or a file of its own. */
  configuredBy: { pyproject?: RegExp; setupCfg?: RegExp; files?: readonly string[] };
  commands: readonly (readonly string[])[];
}

export interface PreCommitHook {
  argv: readonly string[];
  files: RegExp;
  /** Flags that make the hook write: dropped, so it only checks. */
  drop?: RegExp;
}

export interface ToolConfig {
  /**
   * Globs of files that hold only its settings. The file names these give with no wildcard but the
   * leading one (`mypy.ini`, `eslint.config.js`) are also what a model is shown, in this order, before
   * the sections.
   */
  files?: readonly string[];
  /** Sections of shared INI/TOML files that hold its settings (the header's name), by the file's glob. */
  sections?: ReadonlyArray<{ files: string; section: RegExp }>;
  /** Keys of package.json that hold its settings. */
  packageKeys?: readonly string[];
}

/**
 * A way to silence a tool in code. A fix that adds one is refused whoever wrote it, unless the rule's
 * own fixer made it or `.ci-autofix.yml` allows it for the rules it names (`safety.allow_suppressions`).
 */
export interface Suppression {
  /** Stable name, used in messages and tests. */
  id: string;
  /** The tools it silences, as the README's table names them. */
  tool: string;
  /** What it does, for the refusal and the README. */
  what: string;
  /** An instance, for the README and the tests. */
  example: string;
  files: RegExp;
  /** Global: every match counts. Group `codes`, when it matched, lists the rules it names. */
  pattern: RegExp;
}

/** How far an excerpt reaches from the line that opened it. */
export type BlockShape =
  | 'line' // the anchor alone
  | 'indented' // the anchor and the more-indented or continuation lines after it
  | 'python-traceback' // through the exception line
  | 'go-panic' // through the goroutine dump, to a blank line
  | 'same-prefix'; // consecutive lines that start with one of `prefixes`

/**
 * What makes a line explain a failure: the kind of block it opens, how much it is worth, and how far the
 * block reaches. The regex is anchored or literal-led: linear on any line.
 */
export interface ExcerptRule {
  test: RegExp;
  reason: string;
  score: number;
  shape: BlockShape;
  prefixes?: readonly string[];
}
