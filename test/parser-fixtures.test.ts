import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parserNames } from '../src/tools/index.js';
import { analyzeFiles, describeDiagnostic, describeTestRun } from './helpers/analyze.js';

/**
 * Every output in test/fixtures/tools/out/ was recorded from a REAL tool run by record.sh. Its expected
 * parse sits in expected/NAME.txt, one line per diagnostic or test run, reviewed by a person. Regenerate
 * after a deliberate parser change with UPDATE_FIXTURES=1 and review the diff.
 */
const root = join(import.meta.dirname, 'fixtures/tools');
const outputs = readdirSync(join(root, 'out'))
  .filter((f) => f.endsWith('.txt'))
  .map((f) => f.replace(/\.txt$/, ''))
  .sort();
const gha = join(import.meta.dirname, 'fixtures/gha');
const ghaLogs = ['python-job.log', 'node-job.log', 'gh-run-view.log', 'run-logs.zip'];

async function render(file: string): Promise<string> {
  const a = await analyzeFiles([file]);
  return [...a.diagnostics.map(describeDiagnostic), ...a.tests.map(describeTestRun)].join('\n') + '\n';
}

function expectedFile(name: string): string {
  return join(root, 'expected', `${name}.txt`);
}

describe('recorded real tool output parses as reviewed', () => {
  for (const name of outputs) {
    it(name, async () => {
      const actual = await render(join(root, 'out', `${name}.txt`));
      if (process.env.UPDATE_FIXTURES) writeFileSync(expectedFile(name), actual);
      expect(
        existsSync(expectedFile(name)),
        `missing ${expectedFile(name)}: run with UPDATE_FIXTURES=1 and review it`,
      ).toBe(true);
      expect(actual).toBe(readFileSync(expectedFile(name), 'utf8'));
    });
  }
  for (const log of ghaLogs) {
    it(`GitHub Actions ${log}`, async () => {
      const actual = await render(join(gha, log));
      if (process.env.UPDATE_FIXTURES) writeFileSync(expectedFile(`gha-${log}`), actual);
      expect(actual).toBe(readFileSync(expectedFile(`gha-${log}`), 'utf8'));
    });
  }
});

describe('fixtures meta-test', () => {
  it('every registered parser produced something from at least one fixture', () => {
    const expected = readdirSync(join(root, 'expected')).map((f) =>
      readFileSync(join(root, 'expected', f), 'utf8'),
    );
    const seen = new Set<string>();
    for (const text of expected)
      for (const line of text.split('\n')) {
        const tool = line.startsWith('TESTS ') ? line.split(' ')[1] : line.split(' | ')[0];
        if (tool) seen.add(tool);
      }
    const missing = parserNames.filter((p) => !seen.has(p));
    expect(missing, `parsers with no fixture: ${missing.join(', ')}`).toEqual([]);
  });
});
