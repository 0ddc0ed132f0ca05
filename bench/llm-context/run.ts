/**
 * bench/llm-context: for the model-fixable failures of the examples' failing states, the input tokens of
 * each model request the fixer would send (system prompt + fenced, redacted prompt; estimated at 3
 * characters a token, the estimate the budget uses) — target median ≤ 4k — and the prompt's size against
 * the whole files it draws from. Then big files with a finding inside a multi-line statement
 * (statement-cases.ts): whether the excerpt holds the whole statement, and at what size.
 *
 *   npx tsx bench/llm-context/run.ts
 */
import { spawnSync } from 'node:child_process';
import { allToolsPath, exampleRepo } from '../../test/helpers/example-repo.js';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { LogAnalyzer } from '../../src/analyze/log-analyzer.js';
import type { Diagnostic } from '../../src/domain/index.js';
import {
  buildContext,
  buildUserPrompt,
  DEFAULT_BUDGET,
  estimateTokens,
  initSyntax,
  makeRedactor,
  SYSTEM_PROMPT,
} from '../../src/llm/index.js';
import { STATEMENT_CASES } from './statement-cases.js';

// As the CLI does before a model step: the parsers that keep excerpts to whole statements.
await initSyntax();

const rows: Array<{
  example: string;
  file: string;
  diagnostics: number;
  tokens: number;
  promptBytes: number;
  fileBytes: number;
}> = [];
for (const example of ['python-service', 'typescript-package']) {
  const dir = exampleRepo(example);
  const out = spawnSync('just', ['check'], {
    cwd: dir,
    env: { ...process.env, PATH: allToolsPath },
    encoding: 'utf8',
  });
  const analyzer = new LogAnalyzer({ workspace: dir });
  analyzer.begin('just check', { step: 'just check' });
  analyzer.write(Buffer.from(`${out.stdout}\n${out.stderr}`));
  const diagnostics = analyzer.finish().diagnostics.filter((d) => d.fixability === 'llm' && d.location);
  const groups = new Map<string, Diagnostic[]>();
  for (const d of diagnostics) groups.set(d.location!.path, [...(groups.get(d.location!.path) ?? []), d]);
  for (const [file, group] of groups) {
    const read = (f: string) => (existsSync(join(dir, f)) ? readFileSync(join(dir, f), 'utf8') : undefined);
    const slices = buildContext(group, read, DEFAULT_BUDGET, estimateTokens(SYSTEM_PROMPT) + 600);
    const prompt = buildUserPrompt(group, slices, makeRedactor({}));
    const files = [...new Set(slices.map((s) => s.file))];
    rows.push({
      example,
      file,
      diagnostics: group.length,
      tokens: estimateTokens(SYSTEM_PROMPT) + estimateTokens(prompt),
      promptBytes: Buffer.byteLength(prompt),
      fileBytes: files.reduce((n, f) => n + Buffer.byteLength(read(f) ?? ''), 0),
    });
  }
  rmSync(dir, { recursive: true, force: true });
}
const tokens = rows.map((r) => r.tokens).sort((a, b) => a - b);
const median = tokens[Math.floor(tokens.length / 2)] ?? 0;
console.log('bench/llm-context: one model request per file with model-fixable failures');
for (const r of rows)
  console.log(
    `  ${r.example} ${r.file}: ${r.diagnostics} diagnostic(s), ~${r.tokens} input tokens, prompt ${r.promptBytes} B for ${r.fileBytes} B of whole files`,
  );
console.log(
  `median input tokens per request: ${median} (target ≤ 4000); budget per request ${DEFAULT_BUDGET.maxInputTokens}`,
);

console.log('big files, a finding inside a multi-line statement (budget per request as above):');
for (const c of STATEMENT_CASES) {
  const finding: Diagnostic = {
    message: 'boom',
    severity: 'error',
    source: { name: 'mypy' },
    location: { path: c.file, range: { start: { line: c.line } } },
    category: 'type',
    fixability: 'llm',
    log: { step: 's', lines: [1, 1] },
  };
  const slices = buildContext([finding], () => c.text, DEFAULT_BUDGET, estimateTokens(SYSTEM_PROMPT) + 600);
  const prompt = buildUserPrompt([finding], slices, makeRedactor({}));
  const complete = slices.some((s) => s.from <= c.statement.from && c.statement.to <= s.to);
  const shown = slices.reduce((n, s) => n + s.to - s.from + 1, 0);
  console.log(
    `  ${c.name}: statement ${c.statement.from}-${c.statement.to} ${complete ? 'whole' : 'CUT'}; ${shown} of ${c.text.split('\n').length} lines shown (${slices.map((s) => `${s.from}-${s.to}`).join(', ')}), ~${estimateTokens(SYSTEM_PROMPT) + estimateTokens(prompt)} input tokens`,
  );
}
