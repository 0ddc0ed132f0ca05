import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LogAnalyzer } from '../src/analyze/log-analyzer.js';
import type { ParsedDiagnostic } from '../src/domain/index.js';
import { parsers, type ParserName } from '../src/tools/index.js';

/**
 * reviewdog/errorformat's real tool outputs (test/fixtures/errorformat, MIT, see SOURCE.txt): for every tool we
 * support, our parse of NAME.in must agree with errorformat's NAME.ok on path, line, column, severity and
 * message. `.ok` lines are `file|line[-end] col C[-end] type nr| text`; empty fields are not compared.
 */
const dir = join(import.meta.dirname, 'fixtures/errorformat');

/** errorformat fixture → the parser of ours that handles that tool's output. */
const SUPPORTED: Record<string, ParserName> = {
  black: 'black',
  isort: 'isort',
  flake8: 'flake8',
  pep8: 'flake8',
  mypy: 'mypy',
  tsc: 'tsc',
  eslint: 'eslint',
  'eslint-compact': 'eslint',
  govet: 'go',
  'golangci-lint': 'go',
  staticcheck: 'staticcheck',
  'cargo-check': 'cargo',
  clippy: 'cargo',
};

interface OkEntry {
  file: string;
  line?: number;
  col?: number;
  type: string;
  text: string;
}

function parseOk(text: string): OkEntry[] {
  const entries: OkEntry[] = [];
  for (const raw of text.split('\n')) {
    const m = /^([^|]*)\|([^|]*)\| ?(.*)$/.exec(raw);
    if (!m) {
      // A continuation of the previous entry's message (tsc's elaboration lines).
      if (raw && entries.length) entries[entries.length - 1]!.text += `\n${raw}`;
      continue;
    }
    const pos = /^(\d+)?(?:-\d+)?(?: col (\d+)(?:-\d+)?)?\s*(\w*)/.exec(m[2]!.trim())!;
    entries.push({
      file: m[1]!,
      line: pos[1] ? Number(pos[1]) : undefined,
      col: pos[2] ? Number(pos[2]) : undefined,
      type: pos[3] ?? '',
      text: m[3]!,
    });
  }
  return entries;
}

/** errorformat's %t keeps the first letter of the type word; F (pyflakes) is an error. */
function okSeverity(type: string): string | undefined {
  const t = type.toLowerCase();
  if (t === '' || /^\d+$/.test(t)) return undefined;
  if (t.startsWith('w')) return 'warning';
  if (t.startsWith('i') || t.startsWith('n')) return 'info';
  return 'error';
}

const norm = (s: string) => s.replace(/\s+/g, ' ').trim();

/** The ways errorformat's message may render ours: with the code before or after, or the severity first. */
function renderings(d: ParsedDiagnostic): string[] {
  const code = d.code?.value ?? '';
  const numeric = code.replace(/^[A-Z]+/, '');
  const msg = d.message;
  return [
    msg,
    `${code} ${msg}`,
    `${msg} ${code}`,
    `${msg} (${code})`,
    `${d.severity}: ${msg}`,
    `${numeric} ${msg}`,
  ].map(norm);
}

function parse(tool: ParserName, text: string): ParsedDiagnostic[] {
  const out: ParsedDiagnostic[] = [];
  const state = parsers[tool]!.create({ diagnostic: (d) => out.push(d), testRun: () => {} });
  // The analyzer's own line splitting and cleaning, then the parser alone (no triage, no path rewriting).
  const analyzer = new LogAnalyzer({ parsers: [{ name: tool, description: '', create: () => state }] });
  analyzer.begin(tool);
  analyzer.write(Buffer.from(text));
  analyzer.end();
  return out;
}

describe('agrees with errorformat on real tool outputs', () => {
  for (const [fixture, tool] of Object.entries(SUPPORTED)) {
    it(`${fixture}.in (${tool} parser)`, () => {
      const ok = parseOk(readFileSync(join(dir, `${fixture}.ok`), 'utf8'));
      const ours = parse(tool, readFileSync(join(dir, `${fixture}.in`), 'utf8'));
      expect(ok.length).toBeGreaterThan(0);
      const unmatched = ok.filter((e) => {
        const text = norm(e.text);
        return !ours.some((d) => {
          const start = d.location?.range?.start;
          if (e.file === '') {
            // The tool printed the path inside the message: it must name our path and end with our message.
            return !!d.location && text.includes(d.location.path) && text.endsWith(norm(d.message));
          }
          if (d.location?.path !== e.file) return false;
          if (e.line !== undefined && start?.line !== e.line) return false;
          if (e.col !== undefined && start?.column !== e.col) return false;
          const sev = okSeverity(e.type);
          if (sev && sev !== d.severity) return false;
          return renderings(d).includes(text);
        });
      });
      expect(unmatched, `entries of ${fixture}.ok with no agreeing diagnostic`).toEqual([]);
      // And nothing invented: we report no more diagnostics than errorformat found.
      expect(ours.length).toBeLessThanOrEqual(ok.length);
    });
  }
});
