import type { Analysis, JobJudgement, Diagnostic } from '../domain/index.js';

export interface TextOptions {
  color: boolean;
}

const paint = (on: boolean, code: string) => (s: string) => (on ? `\x1b[${code}m${s}\x1b[0m` : s);

function where(d: Diagnostic): string {
  if (!d.location) return '(no file)';
  const s = d.location.range?.start;
  return s ? `${d.location.path}:${s.line}${s.column ? `:${s.column}` : ''}` : d.location.path;
}

function logLines(d: { log: { lines: [number, number]; file?: string } }): string {
  const [a, b] = d.log.lines;
  return `${d.log.file ? `${d.log.file} ` : ''}line${a === b ? ` ${a}` : `s ${a}-${b}`}`;
}

const VERDICT: Record<Diagnostic['fixability'], string> = {
  deterministic: 'fixable (tool)',
  llm: 'fixable (model)',
  none: 'not auto-fixable',
};

/** For a person: grouped by step and tool, each diagnostic with its verdict and reason; then the excerpts. */
export function toText(a: Analysis, options: TextOptions = { color: false }): string {
  const bold = paint(options.color, '1');
  const dim = paint(options.color, '2');
  const red = paint(options.color, '31');
  const yellow = paint(options.color, '33');
  const green = paint(options.color, '32');
  const verdictColor = { deterministic: green, llm: yellow, none: red };
  const out: string[] = [];
  const s = a.summary;
  out.push(
    bold(
      `${s.diagnostics} diagnostic${s.diagnostics === 1 ? '' : 's'}: ${s.by_fixability.deterministic} fixable by a tool, ${s.by_fixability.llm} by a model, ${s.by_fixability.none} not auto-fixable`,
    ) +
      dim(
        ` (${s.lines} lines, ${s.steps.length} step${s.steps.length === 1 ? '' : 's'}${s.failed_steps.length ? `; failed: ${s.failed_steps.join(', ')}` : ''})`,
      ),
  );
  const byStep = new Map<string, Map<string, Diagnostic[]>>();
  for (const d of a.diagnostics) {
    const step = d.log.step;
    const tools = byStep.get(step) ?? new Map<string, Diagnostic[]>();
    const list = tools.get(d.source.name) ?? [];
    list.push(d);
    tools.set(d.source.name, list);
    byStep.set(step, tools);
  }
  for (const [step, tools] of byStep) {
    out.push('', bold(`Step: ${step}`));
    for (const [tool, list] of tools) {
      out.push(`  ${bold(tool)} (${list.length})`);
      for (const d of list) {
        const sev =
          d.severity === 'error'
            ? red(d.severity)
            : d.severity === 'warning'
              ? yellow(d.severity)
              : d.severity;
        out.push(`    ${where(d)}  ${sev}${d.code ? `  ${d.code.value}` : ''}  ${d.message.split('\n')[0]}`);
        for (const more of d.message.split('\n').slice(1, 4)) out.push(dim(`      ${more}`));
        const verdict = verdictColor[d.fixability](VERDICT[d.fixability]);
        out.push(
          `      → ${verdict} [${d.category}]${d.reason ? `: ${d.reason}` : ''}  ${dim(`(${logLines(d)})`)}`,
        );
      }
    }
  }
  if (a.tests.length) {
    out.push('', bold('Tests'));
    for (const t of a.tests) {
      const names = t.failed_names.length
        ? ` — failed: ${t.failed_names.slice(0, 5).join(', ')}${t.failed_names.length > 5 ? ', …' : ''}`
        : '';
      const flaky = t.flaky_names?.length
        ? ` — flaky (passed on retry): ${t.flaky_names.slice(0, 5).join(', ')}${t.flaky_names.length > 5 ? ', …' : ''}`
        : '';
      out.push(
        `  ${t.framework} (${t.step}): ${t.run} run, ${t.passed} passed, ${t.failed} failed, ${t.skipped} skipped${names}${flaky}`,
      );
    }
  }
  out.push(...jobLines(a, { bold, dim }));
  out.push(...excerptLines(a, { bold, dim }));
  for (const w of s.warnings) out.push('', yellow(`warning: ${w}`));
  return `${out.join('\n')}\n`;
}

/** The excerpts, each with its lines (the new ones marked when a passing run was compared with). */
function excerptLines(a: Analysis, c: { bold: (s: string) => string; dim: (s: string) => string }): string[] {
  const out: string[] = [];
  const based = a.summary.baseline;
  if (a.excerpts.length) {
    const mark = based ? '; + marks a line no passing run printed' : '';
    out.push('', c.bold(`Why CI is red (lines of the input, most telling first${mark})`));
    for (const e of a.excerpts) {
      out.push(
        `  ${c.dim('──')} ${e.file ? `${e.file} ` : ''}lines ${e.lines[0]}-${e.lines[1]} of step "${e.step}": ${e.reason}`,
      );
      const shown = e.text.slice(0, 20);
      const width = String(e.lines[1]).length;
      const fresh = new Set(e.new_lines ?? []);
      for (const [no, line] of shown)
        out.push(`  ${c.dim(`${String(no).padStart(width)} ${fresh.has(no) ? '+' : '|'}`)} ${line}`);
      if (e.text.length > shown.length)
        out.push(`  ${c.dim(`${' '.repeat(width)} | … ${e.text.length - shown.length} more line(s)`)}`);
    }
  } else if (a.diagnostics.length === 0) {
    out.push('', 'Nothing in this log explains a failure.');
  }
  if (based)
    out.push(
      '',
      `Compared with ${based.inputs.length} passing run(s) (${based.lines} lines): ${based.excerpts_left_out} range(s) they printed too were left out.`,
    );
  return out;
}

const VERDICT_TEXT: Record<JobJudgement['verdict'], string> = {
  pr: 'caused by the change',
  flaky: 'flaky',
  infrastructure: 'the infrastructure',
  unknown: 'unknown',
};

/** What failed each job, and the lines that show it. */
function jobLines(a: Analysis, c: { bold: (s: string) => string; dim: (s: string) => string }): string[] {
  if (!a.jobs.length) return [];
  const out = ['', c.bold('What failed the job')];
  for (const j of a.jobs) {
    out.push(`  ${j.job === 'job' ? '' : `${j.job}: `}${VERDICT_TEXT[j.verdict]} — ${j.reason}`);
    for (const e of j.verdict === 'pr' ? [] : j.evidence.slice(0, 3))
      out.push(`    ${c.dim(`line ${e.lines[0]} of step "${e.step}"`)} ${e.says}`);
  }
  return out;
}
