import type { Diagnostic, JobEvent } from '../domain/index.js';
import type { RepoConfig } from '../config/index.js';
import type { AgentClient, EditOutcome, FileEdit, FileSlice, LlmClient, Redactor } from '../llm/index.js';
import type { Violation } from '../validate/index.js';
import type { FileChange } from '../workspace/index.js';
import type { CheckRun } from './run-check.js';

/** What the model stage needs, injected like every other effect. */
export interface ModelDeps {
  /** A model answering requests with edits, or an agent CLI that edits the worktree itself. */
  client: LlmClient | AgentClient;
  /** What an agent is told before the task (agents only). */
  agentInstructions?: string;
  redactor: Redactor;
  systemPrompt: string;
  buildContext(
    group: Diagnostic[],
    read: (file: string) => string | undefined,
    maxInputTokens: number,
    reserved: number,
  ): FileSlice[];
  buildUserPrompt(
    group: Diagnostic[],
    slices: FileSlice[],
    redactor: Redactor,
    feedback?: string,
    examples?: ReadonlyArray<{ old: string; new: string }>,
  ): string;
  estimateTokens(text: string): number;
  applyEdits(root: string, edits: FileEdit[], allowed: ReadonlySet<string>): Promise<EditOutcome>;
  readFile(root: string, file: string): string | undefined;
}

export interface ModelStepIO {
  dir: string;
  /** Folders under /tmp the worktree's linked dependencies live in (an agent must read them). */
  readable: string[];
  config: RepoConfig;
  changes(): Promise<{ files: FileChange[]; patch: string }>;
  /** The safety policy on the change, made for `targets` (their rules may rewrite assertions). */
  safety(files: FileChange[], patch: string, targets: Diagnostic[]): Promise<Violation[]>;
  check(): Promise<CheckRun>;
  reset(): Promise<void>;
  applyPatch(patch: string): Promise<void>;
  /** Accepted fixes of the group's kinds in this repository (the fix memory), shown as examples. */
  examples?: ReadonlyArray<{ old: string; new: string }>;
  /** Reports the model's attempts: the events that carry a `label` get the candidate's. */
  emit(event: Extract<JobEvent, { type: 'model-attempt' | 'model-moved' }>): void;
}

export interface ModelCost {
  requests: number;
  input_tokens: number;
  output_tokens: number;
  usd: number;
}

export type ModelAttempt =
  | {
      kept: true;
      fixed: Diagnostic[];
      files: string[];
      /** Lines added plus removed: candidates are compared by it. */
      size: number;
      patch: string;
      after: CheckRun;
      cost: ModelCost;
      iterations: number;
    }
  | { kept: false; reason: string; cost: ModelCost; iterations: number };
