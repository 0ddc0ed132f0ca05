import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from './helpers/cli.js';

interface SchemaNode {
  properties?: Record<string, SchemaNode>;
}

/** Every key of `.ci-autofix.yml` (from the generated JSON Schema) has a row in the README's table. */
describe('the README configuration table', () => {
  it('documents every key of the schema', () => {
    const schema = JSON.parse(
      readFileSync(join(repoRoot, 'schema/ci-autofix.schema.json'), 'utf8'),
    ) as SchemaNode;
    const leaves: string[] = [];
    const walk = (node: SchemaNode, path: string) => {
      if (node.properties)
        for (const [k, v] of Object.entries(node.properties)) walk(v, path ? `${path}.${k}` : k);
      else leaves.push(path);
    };
    walk(schema, '');
    const rows = readFileSync(join(repoRoot, 'README.md'), 'utf8')
      .split('\n')
      .filter((l) => l.startsWith('| `'));
    // A key is documented by its own row, a row for a map or list under it (`tools.<name>…`, `custom[]`),
    // or a row of its parent object when that is itself a key (`commit.author`); `/ \`x\`` shares a row.
    const documented = (path: string) => {
      const parts = path.split('.');
      const names = [path];
      if (parts.length > 2) names.push(parts.slice(0, -1).join('.'));
      return rows.some(
        (r) =>
          names.some((n) => ['`', '.', '['].some((end) => r.includes(`\`${n}${end}`))) ||
          (parts.length > 1 &&
            r.includes(`\`${parts.slice(0, -1).join('.')}.`) &&
            r.includes(`/ \`${parts.at(-1)}\``)),
      );
    };
    expect(leaves.length).toBeGreaterThan(30);
    expect(leaves.filter((p) => !documented(p))).toEqual([]);
  });
});
