/**
 * The pairs of both sets, read from their files: `tools` (pairs.json: one tool per job, from the cases of
 * bench/real-repos) and `installs` (pairs-installs.json: jobs that install the project's dependencies and
 * run its test suite, chosen from the projects' own history). Both files have the same shape; each pair
 * is tagged with the set it comes from. collect.ts and run.ts take `--set tools|installs` (both by default).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Setup } from '../analyze/job-setups.js';

export type SetName = 'tools' | 'installs';

export interface Pair {
  name: string;
  /** The set the pair belongs to (from the file it was read from, not written in it). */
  set: SetName;
  /** The id of the bench/real-repos case the pair comes from (the `tools` set). */
  case?: string;
  ecosystem: 'python' | 'typescript' | 'javascript' | 'go' | 'rust';
  /** The tool whose output explains the failure; its version is recorded (node: node_modules/<tool>). */
  tool: string;
  repo: string;
  failing_commit: string;
  passing_commit: string;
  setup: Setup;
  /** The job's `run:` steps: the last one is the check, every earlier one must pass at both commits. */
  steps: Array<{ run: string }>;
  /** The workflow's job-level `env:`, set for every step (e.g. luxon's `TZ`). */
  env?: Record<string, string>;
  /** Line numbers (1-based) of the failing log, as written here, that explain the failure: marked by hand. */
  explains: number[];
  /** What was marked, in words. */
  marked: string;
  /** What fails at failing_commit, in words (the `installs` set). */
  fails?: string;
}

export const FILES: Record<SetName, string> = { tools: 'pairs.json', installs: 'pairs-installs.json' };

const here = import.meta.dirname;

export function readSet(set: SetName): Pair[] {
  const file = JSON.parse(readFileSync(join(here, FILES[set]), 'utf8')) as {
    pairs: Array<Omit<Pair, 'set'>>;
  };
  return file.pairs.map((p) => ({ ...p, set }));
}

/** Both sets, or those `--set` names, then only the pairs `--only` names (when any). */
export function choosePairs(argv: string[]): Pair[] {
  const after = (flag: string) => argv.flatMap((a, i) => (argv[i - 1] === flag ? [a] : []));
  const sets = after('--set');
  for (const s of sets)
    if (!(s in FILES)) throw new Error(`--set ${s}: one of ${Object.keys(FILES).join(', ')}`);
  const chosenSets = (sets.length ? sets : Object.keys(FILES)) as SetName[];
  const only = after('--only');
  return chosenSets.flatMap(readSet).filter((p) => only.length === 0 || only.includes(p.name));
}
