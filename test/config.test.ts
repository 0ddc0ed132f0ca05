import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { configJsonSchema, parseConfig } from '../src/config/index.js';
import { analyzeText } from './helpers/analyze.js';

const schemaFile = join(import.meta.dirname, '../schema/ci-autofix.schema.json');

describe('.ci-autofix.yml', () => {
  it('an empty file gives the documented defaults', () => {
    const c = parseConfig('');
    expect(c).toMatchObject({
      fixable_patterns: [],
      ignore_patterns: [],
      tools: {},
      fixers: { disable: [], args: {}, unsafe_fixes: false, custom: [] },
      safety: { max_files: 10, max_lines: 500, allow_paths: [] },
      sandbox: 'auto',
      commit: {
        message: '{type}: {summary}',
        author: { name: 'ci-autofix', email: 'ci-autofix@users.noreply.github.com' },
      },
      auto_approve: true,
    });
    expect(c.safety.protected_paths).toEqual(
      expect.arrayContaining(['.github/**', '**/package-lock.json', '**/pyproject.toml', '**/AGENTS.md']),
    );
  });

  it('reads fix settings: custom fixers as argv, sandbox, safety, commit', () => {
    const c = parseConfig(
      [
        'sandbox: bwrap',
        'auto_approve: false',
        'safety:',
        '  max_files: 3',
        '  allow_paths: ["requirements.txt"]',
        'fixers:',
        '  disable: [black]',
        '  custom:',
        '    - name: license-headers',
        '      applies_to: { tool: ruff, code: CPY001 }',
        '      command: python scripts/add_headers.py {files}',
        '',
      ].join('\n'),
    );
    expect(c.fixers.custom[0]!.command).toEqual(['python', 'scripts/add_headers.py', '{files}']);
    expect(c).toMatchObject({
      sandbox: 'bwrap',
      auto_approve: false,
      safety: { max_files: 3, max_lines: 500, allow_paths: ['requirements.txt'] },
    });
    expect(() => parseConfig('safety:\n  max_file: 3\n')).toThrow(
      '.ci-autofix.yml:2: unknown key "safety.max_file"',
    );
    expect(() => parseConfig('sandbox: docker\n')).toThrow(/:1: sandbox: Invalid option/);
    expect(() =>
      parseConfig('fixers:\n  custom:\n    - name: Bad Name\n      applies_to: {}\n      command: x\n'),
    ).toThrow(/:3: fixers\.custom\.0\.name: lower-case/);
  });

  it('errors name the key and its line', () => {
    const bad = [
      'version: 1',
      'fixable_patterns:',
      '  - "timeout"',
      'tools:',
      '  ruff:',
      '    fixabilty: none',
      '',
    ].join('\n');
    expect(() => parseConfig(bad)).toThrow('.ci-autofix.yml:6: unknown key "tools.ruff.fixabilty"');
    expect(() => parseConfig('ignore_patterns:\n  - "(unclosed"\n')).toThrow(
      /\.ci-autofix\.yml:2: ignore_patterns\.0: not a valid regular expression/,
    );
    expect(() => parseConfig('tools:\n  mypy:\n    fixability: maybe\n')).toThrow(
      /:3: tools\.mypy\.fixability: Invalid option/,
    );
    expect(() => parseConfig('check: [unclosed\n')).toThrow(/\.ci-autofix\.yml:\d+: not valid YAML/);
  });

  it('fixable_patterns turn a `none` verdict into `llm`; per-code overrides win', () => {
    const log = 'FAILED tests/test_a.py::test_b - assert 1 == 2\n=== 1 failed in 0.1s ===\n';
    expect(analyzeText(`=== short test summary info ===\n${log}`).diagnostics[0]!.fixability).toBe('none');
    const cfg = parseConfig('fixable_patterns: ["assert 1 == 2"]\n');
    const d = analyzeText(`=== short test summary info ===\n${log}`, { triage: cfg }).diagnostics[0]!;
    expect(d).toMatchObject({ fixability: 'llm', reason: 'matches fixable_patterns in .ci-autofix.yml' });
    const perCode = parseConfig('tools:\n  flake8:\n    codes:\n      F401: none\n');
    const f = analyzeText("a.py:1:1: F401 'os' imported but unused\n", { triage: perCode }).diagnostics[0]!;
    expect(f).toMatchObject({ fixability: 'none', reason: 'set by .ci-autofix.yml (tools.flake8)' });
  });

  it('the committed JSON Schema is the one generated from the zod schema', () => {
    const generated = `${JSON.stringify(configJsonSchema(), null, 2)}\n`;
    if (process.env.UPDATE_FIXTURES) writeFileSync(schemaFile, generated);
    expect(readFileSync(schemaFile, 'utf8')).toBe(generated);
  });
});
