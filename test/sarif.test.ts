import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { toSarif } from '../src/output/index.js';
import { analyzeFiles } from './helpers/analyze.js';

const require = createRequire(import.meta.url);
// Both are CommonJS packages whose module.exports is the function itself.
const Ajv = require('ajv-draft-04') as typeof import('ajv-draft-04').default;
const addFormats = require('ajv-formats') as typeof import('ajv-formats').default;
// The SARIF 2.1.0 JSON Schema (rtm.5, the version GitHub code scanning accepts), as @microsoft/jest-sarif ships it.
const schema = JSON.parse(
  readFileSync(require.resolve('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json'), 'utf8'),
) as object;
const gha = join(import.meta.dirname, 'fixtures/gha');

describe('SARIF output', () => {
  // The schema's `language` pattern is not valid with the u flag; draft-04 regexes are not unicode-aware.
  const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false });
  addFormats(ajv);
  const validate = ajv.compile(schema);

  it('is valid SARIF 2.1.0 for real job logs, one run per tool, results at repository paths', async () => {
    for (const log of ['python-job.log', 'node-job.log', 'run-logs.zip']) {
      const analysis = await analyzeFiles([join(gha, log)]);
      const sarif = JSON.parse(toSarif(analysis, '0.1.0')) as {
        version: string;
        runs: Array<{
          tool: { driver: { name: string } };
          results: Array<{
            ruleId: string;
            level: string;
            locations: Array<{
              physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number } };
            }>;
          }>;
        }>;
      };
      const ok = validate(sarif);
      expect(validate.errors ?? [], log).toEqual([]);
      expect(ok).toBe(true);
      expect(sarif.version).toBe('2.1.0');
      const located = analysis.diagnostics.filter((d) => d.location);
      expect(sarif.runs.flatMap((r) => r.results)).toHaveLength(located.length);
      for (const r of sarif.runs.flatMap((x) => x.results)) {
        const uri = r.locations[0]!.physicalLocation.artifactLocation.uri;
        expect(uri.startsWith('/')).toBe(false);
        expect(uri).not.toContain('/home/runner/');
        expect(['error', 'warning', 'note']).toContain(r.level);
      }
    }
  });

  it('an empty analysis is still a valid SARIF log', async () => {
    const analysis = await analyzeFiles([join(import.meta.dirname, '../examples/logs/python-job.log')], {
      parsers: [],
    });
    const sarif = JSON.parse(toSarif(analysis, '0.1.0')) as object;
    expect(validate(sarif), JSON.stringify(validate.errors)).toBe(true);
  });
});
