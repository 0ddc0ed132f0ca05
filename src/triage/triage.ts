import type { Diagnostic, ParsedDiagnostic, TriageConfig } from '../domain/index.js';
import { REASONS, toolVerdict, v, type Verdict } from '../tools/index.js';

// Infrastructure and security signatures beat any tool rule: no code edit fixes a dropped connection.
const INFRA =
  /\b(ECONNRESET|ETIMEDOUT|ECONNREFUSED|EAI_AGAIN|ENOTFOUND|ENETUNREACH|EACCES|EPERM|Could not resolve host|Temporary failure in name resolution|rate limit|No space left on device|runner has received a shutdown signal|lost communication with the server|Permission denied|out of memory|OOMKilled|503 Service Unavailable|502 Bad Gateway|Connection refused|Connection reset|Read timed out|ConnectTimeout|socket hang up)\b/i;
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
    if (INFRA.test(text)) verdict = v('infra', 'none', REASONS.infra);
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
