import { readFile } from 'node:fs/promises';
import { isMap, isScalar, LineCounter, parseDocument, type Node } from 'yaml';
import type { z } from 'zod';
import { AutofixError } from '../domain/index.js';
import { repoConfigSchema, type RepoConfig } from './schema.js';
import { CONFIG_FILE } from './config-file.js';

/** The YAML node at a zod issue path, to give the error a line number. */
function nodeAt(root: unknown, path: ReadonlyArray<PropertyKey>): Node | undefined {
  let node = root as Node | undefined;
  for (const key of path) {
    if (!node || typeof node !== 'object') return undefined;
    const next = (node as unknown as { get?: (k: unknown, keep: boolean) => unknown }).get?.(key, true);
    if (next === undefined) return node;
    node = next as Node;
  }
  return node;
}

/** For an unrecognised key, the key's own node (not the map holding it). */
function keyNode(map: Node | undefined, key: string): Node | undefined {
  if (!map || !isMap(map)) return undefined;
  for (const pair of map.items) if (isScalar(pair.key) && pair.key.value === key) return pair.key as Node;
  return undefined;
}

function describe(issue: z.core.$ZodIssue, root: unknown, lines: LineCounter, source: string): string {
  const where = issue.path.length ? issue.path.join('.') : '(top level)';
  let node = nodeAt(root, issue.path);
  let message = issue.message;
  if (issue.code === 'unrecognized_keys') {
    const keys = issue.keys;
    node = keyNode(node, keys[0]!) ?? node;
    const prefix = issue.path.length ? `${where}.` : '';
    message = `unknown key${keys.length > 1 ? 's' : ''} ${keys.map((k) => `"${prefix}${k}"`).join(', ')} (check the spelling; the README lists every key)`;
    const pos = node?.range ? lines.linePos(node.range[0]) : undefined;
    return `${source}${pos ? `:${pos.line}` : ''}: ${message}`;
  }
  const pos = node?.range ? lines.linePos(node.range[0]) : undefined;
  return `${source}${pos ? `:${pos.line}` : ''}: ${where}: ${message}`;
}

/** Parses and validates config text. Throws an AutofixError whose message lists every problem with its line. */
export function parseConfig(text: string, source = CONFIG_FILE): RepoConfig {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length) {
    const e = doc.errors[0]!;
    const pos = lines.linePos(e.pos[0]);
    throw new AutofixError(
      'config-invalid',
      `${source}:${pos.line}: not valid YAML: ${e.message.split('\n')[0]}`,
    );
  }
  const data: unknown = doc.toJS() ?? {};
  const result = repoConfigSchema.safeParse(data);
  if (!result.success) {
    const problems = result.error.issues.map((i) => describe(i, doc.contents, lines, source));
    throw new AutofixError('config-invalid', `invalid configuration:\n  ${problems.join('\n  ')}`);
  }
  return result.data;
}

/** Reads `path`; a missing file gives the defaults only when `optional`. */
export async function loadConfig(path: string, optional: boolean): Promise<RepoConfig> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT' && optional) return repoConfigSchema.parse({});
    throw new AutofixError('config-unreadable', `cannot read config ${path}: ${(err as Error).message}`);
  }
  return parseConfig(text, path);
}
