import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../src/config/index.js';
import { planFixes, type ToolResolver } from '../src/fixers/index.js';
import { analyzeFiles } from './helpers/analyze.js';

const installed = (...programs: string[]): ToolResolver => ({
  resolve: (p) => (programs.includes(p) ? { path: `/opt/tools/${p}`, origin: 'PATH' } : undefined),
});

describe('planFixes on the example job log', async () => {
  const analysis = await analyzeFiles([join(import.meta.dirname, '../examples/logs/python-job.log')]);

  it('formatters first, then ruff --fix limited to the failing rules; the rest to the model or a person', () => {
    const plan = planFixes(analysis.diagnostics, parseConfig('').fixers, installed('ruff', 'black'));
    expect(plan.steps.map((s) => [s.fixer, s.files, s.argv.join(' ')])).toEqual([
      ['ruff-format', ['pkg/util.py'], '/opt/tools/ruff format --no-cache pkg/util.py'],
      [
        'ruff-check',
        ['pkg/api.py', 'pkg/util.py'],
        '/opt/tools/ruff check --fix --no-cache --select E401,F401,I001,UP006,UP035 pkg/api.py pkg/util.py',
      ],
    ]);
    expect(plan.model).toHaveLength(10);
    expect(plan.notFixable.map((n) => n.diagnostic.test?.name)).toEqual([
      'tests/test_util.py::test_add_wrong',
      'tests/test_util.py::test_raises',
    ]);
  });

  it('a missing tool leaves its findings to the model, and says so', () => {
    const plan = planFixes(analysis.diagnostics, parseConfig('').fixers, installed());
    expect(plan.steps).toEqual([]);
    expect(plan.notes.join('\n')).toContain('ruff-check: its tool is not installed');
    expect(plan.model).toHaveLength(18);
  });

  it('configuration: disable, order, args, unsafe fixes, and custom fixers by code', () => {
    const cfg = parseConfig(
      [
        'fixers:',
        '  disable: [ruff-format]',
        '  unsafe_fixes: true',
        '  args: { ruff-check: ["--target-version", "py311"] }',
        '  custom:',
        '    - name: typer',
        '      applies_to: { tool: mypy, code: arg-type }',
        '      command: python scripts/fix_types.py {files}',
        '',
      ].join('\n'),
    ).fixers;
    const plan = planFixes(analysis.diagnostics, cfg, installed('ruff', 'python'));
    expect(plan.steps.map((s) => s.fixer)).toEqual(['typer', 'ruff-check']);
    expect(plan.steps[0]!.argv).toEqual(['/opt/tools/python', 'scripts/fix_types.py', 'pkg/api.py']);
    expect(plan.steps[1]!.argv).toContain('--unsafe-fixes');
    expect(plan.steps[1]!.argv.slice(-2)).toEqual(['--target-version', 'py311']);
  });

  it('a fixer the fix memory rules out for a finding passes it over: the next fixer that applies claims it', () => {
    const cfg = parseConfig(
      [
        'fixers:',
        '  custom:',
        '    - name: unused-imports',
        '      applies_to: { tool: ruff, code: F401 }',
        '      command: python scripts/drop_unused.py {files}',
        '',
      ].join('\n'),
    ).fixers;
    const tools = installed('ruff', 'python');
    const fixers = (passOver?: Parameters<typeof planFixes>[3]) =>
      planFixes(analysis.diagnostics, cfg, tools, passOver).steps.map((s) => [
        s.fixer,
        s.diagnostics.map((d) => d.code?.value).sort(),
      ]);
    // The repository's own fixer comes first for F401 …
    expect(fixers()[0]).toEqual(['unused-imports', ['F401', 'F401', 'F401']]);
    // … until the memory rules it out: ruff's own fix takes F401 with the rest.
    const ruled = fixers((d, fixer) => fixer === 'unused-imports' && d.code?.value === 'F401');
    expect(ruled.map(([f]) => f)).toEqual(['ruff-format', 'ruff-check']);
    expect(ruled[1]![1]).toContain('F401');
  });

  it('never hands a tool a path from the log that leaves the repository', () => {
    const evil = analysis.diagnostics.map((d) =>
      d.code?.value === 'format' ? { ...d, location: { path: '../../etc/passwd' } } : d,
    );
    const plan = planFixes(evil, parseConfig('').fixers, installed('ruff'));
    expect(plan.steps.flatMap((s) => s.files)).not.toContain('../../etc/passwd');
  });
});
