import type { Diagnostic, ParsedDiagnostic, TriageConfig } from '../domain/index.js';
import { REASONS, toolVerdict, v, type Verdict } from '../tools/index.js';
import { infrastructureCause } from './infrastructure.js';

// Infrastructure (infrastructure.ts) and security signatures beat any tool rule: no code edit fixes a
// dropped connection.
const SECURITY =
  /\b(CVE-\d{4}-\d+|GHSA-[\w-]+|vulnerabilit(y|ies)|hardcoded (password|secret|credential))\b/i;
const MAX_MATCH = 2000;

/** Compiled once per configuration. */
export class Triage {
  private readonly fixable: RegExp[];
  private readonly ignore: RegExp[];

  constructor(private readonly config: TriageConfig) {
    this.fixable = config.fixable_patterns.map((p) => new RegExp(p));
    this.ignore = config.ignore_patterns.map((p) => new RegExp(p));
  }

  isEnabled(tool: string): boolean {
    return this.config.tools[tool]?.enabled !== false;
  }

  /** Whether `ignore_patterns` drops this diagnostic. */
  ignores(d: ParsedDiagnostic): boolean {
    const text = d.message.slice(0, MAX_MATCH);
    return this.ignore.some((r) => r.test(text));
  }

  verdict(d: ParsedDiagnostic): Verdict {
    const text = d.message.slice(0, MAX_MATCH);
    let verdict: Verdict;
    const cause = infrastructureCause(text);
    if (cause) verdict = v('infra', 'none', `${REASONS.infra} (${cause.kind}: ${cause.says})`);
    else if (SECURITY.test(text)) verdict = v('security', 'none', REASONS.security);
    else verdict = toolVerdict(d);
    const tool = this.config.tools[d.source.name];
    const override = (d.code && tool?.codes?.[d.code.value]) ?? tool?.fixability;
    if (override) {
      verdict = {
        category: verdict.category,
        fixability: override,
        reason: `set by .ci-autofix.yml (tools.${d.source.name})`,
      };
    } else if (verdict.fixability === 'none' && this.fixable.some((r) => r.test(text))) {
      verdict = {
        category: verdict.category,
        fixability: 'llm',
        reason: 'matches fixable_patterns in .ci-autofix.yml',
      };
    }
    return verdict;
  }

  apply(d: ParsedDiagnostic): Diagnostic {
    const { hints: _hints, ...rest } = d;
    const verdict = this.verdict(d);
    const out: Diagnostic = { ...rest, category: verdict.category, fixability: verdict.fixability };
    if (verdict.reason !== undefined) out.reason = verdict.reason;
    return out;
  }
}
