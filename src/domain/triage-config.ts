import type { Fixability } from './diagnostic.js';

/** The triage part of `.ci-autofix.yml`, already validated (regexes compile). */
export interface TriageConfig {
  /** Messages matching one of these are auto-fixable (`llm`) even where the reference policy says `none`. */
  fixable_patterns: string[];
  /** Messages matching one of these are dropped from the analysis (and counted as ignored). */
  ignore_patterns: string[];
  /** Per tool: turn a parser off, or override the verdict for the whole tool or per code. */
  tools: Record<string, { enabled?: boolean; fixability?: Fixability; codes?: Record<string, Fixability> }>;
}

export const DEFAULT_TRIAGE: TriageConfig = { fixable_patterns: [], ignore_patterns: [], tools: {} };
