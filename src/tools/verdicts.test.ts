import { describe, expect, it } from 'vitest';
import type { ParsedDiagnostic } from '../domain/index.js';
import { toolVerdict } from './index.js';

function finding(tool: string, code: string | null, message: string): ParsedDiagnostic {
  return {
    message,
    severity: 'error',
    source: { name: tool },
    log: { step: 'lint', lines: [1, 1] },
    location: { path: 'a.py', range: { start: { line: 1 } } },
    ...(code ? { code: { value: code } } : {}),
  } as ParsedDiagnostic;
}

describe('triage from the log line alone', () => {
  it("flake8's findings with a ruff rule of the same code are deterministic, and say so", () => {
    for (const code of ['F401', 'E711', 'E712', 'W291', 'W293', 'W391', 'E302']) {
      const v = toolVerdict(finding('flake8', code, 'x'));
      expect([code, v.fixability, v.reason]).toEqual([
        code,
        'deterministic',
        'ruff check --fix applies the same rule, and flake8 validates it',
      ]);
    }
    expect(toolVerdict(finding('flake8', 'E501', 'line too long')).fixability).toBe('llm');
    expect(toolVerdict(finding('flake8', 'F821', "undefined name 'x'")).fixability).toBe('llm');
  });

  it('an unused eslint-disable directive (no rule id) is removed by eslint --fix', () => {
    const v = toolVerdict(
      finding(
        'eslint',
        null,
        "Unused eslint-disable directive (no problems were reported from 'no-console')",
      ),
    );
    expect([v.category, v.fixability]).toEqual(['lint', 'deterministic']);
    expect(toolVerdict(finding('eslint', null, 'Parsing error: Unexpected token )')).fixability).toBe('llm');
  });
});
