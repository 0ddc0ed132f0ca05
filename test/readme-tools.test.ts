import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { toolsTable } from './helpers/tools-table.js';

const readme = join(import.meta.dirname, '../README.md');
const START = '<!-- tools table: generated from src/tools/registry.ts by test/readme-tools.test.ts -->';
const END = '<!-- end of tools table -->';

describe("the README's table of supported tools", () => {
  it('is the registry: one row per tool plugin (regenerate with UPDATE_FIXTURES=1)', () => {
    const text = readFileSync(readme, 'utf8');
    const [before, rest] = text.split(START);
    expect(rest, `README.md has no "${START}" marker`).toBeDefined();
    const after = rest!.split(END)[1];
    expect(after, `README.md has no "${END}" marker`).toBeDefined();
    const table = `\n${toolsTable()}\n`;
    if (process.env.UPDATE_FIXTURES) writeFileSync(readme, `${before}${START}${table}${END}${after}`);
    expect(rest!.split(END)[0]).toBe(table);
  });
});
