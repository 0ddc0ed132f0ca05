import { readFileSync } from 'node:fs';

export const CATEGORIES = ['format', 'import', 'lint', 'type', 'syntax'] as const;
export type Category = (typeof CATEGORIES)[number];

/** Categories whose fix needs a model: reported in their own block. */
export const NEEDS_MODEL: readonly Category[] = ['type', 'syntax'];

/**
 * One real failure from a public repository's history: pointers only (repository, commits, paths, the
 * check command), never its code. The runner rebuilds the failing tree from a local mirror.
 */
export interface RealCase {
  id: string;
  repo: string;
  failing_commit: string;
  fix_commit: string;
  language: 'python' | 'typescript' | 'javascript' | 'go' | 'rust';
  category: Category;
  tool: string;
  pinned: string | null;
  ran: string;
  check: string;
  failing_files: string[];
  setup: { python?: string[]; npm?: 'ci' | string[] };
  source: string;
  notes: string;
}

const HEX = /^[0-9a-f]{7,40}$/;

/** Reads and checks cases.json; a malformed case is an error naming it (the benchmark must not guess). */
export function loadCases(file: string): RealCase[] {
  const raw = JSON.parse(readFileSync(file, 'utf8')) as unknown;
  if (!Array.isArray(raw)) throw new Error(`${file}: expected an array of cases`);
  const seen = new Set<string>();
  return raw.map((c: RealCase, i) => {
    const where = `${file}: case ${i} (${c?.id ?? 'no id'})`;
    for (const key of [
      'id',
      'repo',
      'failing_commit',
      'fix_commit',
      'tool',
      'ran',
      'check',
      'source',
    ] as const)
      if (typeof c[key] !== 'string' || c[key] === '') throw new Error(`${where}: "${key}" must be a string`);
    if (!/^[\w.-]+\/[\w.-]+$/.test(c.repo)) throw new Error(`${where}: repo must be owner/name`);
    if (!HEX.test(c.failing_commit) || !HEX.test(c.fix_commit))
      throw new Error(`${where}: commits must be hex`);
    if (!CATEGORIES.includes(c.category)) throw new Error(`${where}: unknown category ${c.category}`);
    if (!['python', 'typescript', 'javascript', 'go', 'rust'].includes(c.language))
      throw new Error(`${where}: unknown language ${c.language}`);
    if (!Array.isArray(c.failing_files) || c.failing_files.length === 0)
      throw new Error(`${where}: failing_files must list the files the check names`);
    if (c.failing_files.some((f) => f.startsWith('/') || f.split('/').includes('..')))
      throw new Error(`${where}: failing_files must be repository-relative`);
    const npm = c.setup?.npm;
    if (npm !== undefined && npm !== 'ci' && !Array.isArray(npm)) throw new Error(`${where}: setup.npm`);
    if (seen.has(c.id)) throw new Error(`${where}: duplicate id`);
    seen.add(c.id);
    return c;
  });
}
