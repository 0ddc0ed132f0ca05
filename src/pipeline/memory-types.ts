import type { Signature } from '../triage/index.js';

/** The fix memory's plain data (issue 23), shared by the fix job, its stages and the memory's planning. */

export interface TriedFinding {
  signature: Signature;
  path?: string;
  /** The finding's line before the try. */
  line?: number;
  /** codeKey of the finding's lines before the try; absent when the file could not be read. */
  code?: string;
}

/** A decision the fix memory made, as the outcome lists it. */
export interface MemoryDecision {
  /**
   * skip: a strategy not tried; replay: an accepted fix applied again (kept or not, `reason` says);
   * example: accepted fixes of the signature shown to the model.
   */
  decision: 'skip' | 'replay' | 'example';
  strategy: string;
  signature: string;
  path?: string;
  reason: string;
}

/**
 * A strategy not to try for a kind of finding: a person rejected it (reverted ci-autofix's commit), or it
 * failed or was rejected too often in a row in the repository. With `code`, only for that code (modulo
 * layout); without, for every finding of the signature.
 */
export interface Avoid {
  signature: string;
  code?: string;
  strategy: string;
  reason: string;
}

/**
 * One strategy's try at some findings, kept or dropped: what the fix memory learns from (issue 23). The
 * strategy is `tool:<fixer>`, `unsafe:<fixer>` (a fix its tool calls unsafe, tried as a candidate),
 * `model:<provider>/<model>` or `agent:<cli>/<model>`.
 */
export interface TriedFix {
  strategy: string;
  /** The findings it aimed at: their signatures and the code they are about (triage/signature.ts). */
  findings: TriedFinding[];
  kept: boolean;
  /** Why it was dropped. */
  reason?: string;
  commit?: string;
  /** A kept model fix's diff: what a replay applies again once people accepted it. */
  patch?: string;
  cost?: { requests: number; input_tokens: number; output_tokens: number; usd: number };
  ms: number;
}

/** An accepted fix the memory can apply again to equal code, without a model. */
export interface Replay {
  signature: string;
  code: string;
  /** The fix's strategy and commit, said in the replay's commit and comment. */
  strategy: string;
  commit: string;
  /** Its change to the finding's code: blocks of old lines and the new lines that replaced them. */
  edits: Array<{ old: string; new: string }>;
}
