import type { FileEdit } from './apply-edits.js';

/** One request to a model: the fixer always asks for edits through a single tool, never free text to run. */
export interface LlmRequest {
  system: string;
  messages: Array<{ role: 'user' | 'assistant'; content: string }>;
  maxTokens: number;
}

export interface LlmUsage {
  input_tokens: number;
  output_tokens: number;
  /** Prompt-cache reads and writes (Anthropic), priced apart from plain input; agents use the cache heavily. */
  cache_read_input_tokens?: number;
  cache_creation_input_tokens?: number;
}

export interface LlmResponse {
  edits: FileEdit[];
  /** The model's explanation, if it gave one. */
  text: string;
  usage: LlmUsage;
  model: string;
}

/** The port every provider implements (docs/architecture.md: `llm/` holds the port and its providers). */
export interface LlmClient {
  readonly provider: 'anthropic' | 'openai-compatible';
  readonly model: string;
  complete(request: LlmRequest): Promise<LlmResponse>;
}

export const EDIT_TOOL = {
  name: 'propose_edits',
  description:
    'Propose the minimal edits that fix the failures. Each edit replaces `old` (text copied exactly from one of the files you were shown) with `new`.',
  schema: {
    type: 'object',
    properties: {
      edits: {
        type: 'array',
        items: {
          type: 'object',
          properties: {
            file: { type: 'string', description: 'repository-relative path of a file you were shown' },
            old: { type: 'string', description: 'the exact current text to replace (a few whole lines)' },
            new: { type: 'string', description: 'the replacement text' },
          },
          required: ['file', 'old', 'new'],
          additionalProperties: false,
        },
      },
      explanation: { type: 'string', description: 'one or two sentences on the cause and the fix' },
    },
    required: ['edits'],
    additionalProperties: false,
  },
} as const;

/** Reads the tool input the model returned; anything malformed becomes an empty, explained answer. */
export function parseEditInput(input: unknown): { edits: FileEdit[]; text: string } {
  const v = input as { edits?: unknown; explanation?: unknown };
  const edits = Array.isArray(v?.edits)
    ? v.edits.filter(
        (e): e is FileEdit =>
          typeof e === 'object' &&
          e !== null &&
          typeof (e as FileEdit).file === 'string' &&
          typeof (e as FileEdit).old === 'string' &&
          typeof (e as FileEdit).new === 'string',
      )
    : [];
  return { edits, text: typeof v?.explanation === 'string' ? v.explanation : '' };
}
