import Anthropic from '@anthropic-ai/sdk';
import { AutofixError } from '../domain/index.js';
import {
  EDIT_TOOL,
  parseEditInput,
  type LlmClient,
  type LlmRequest,
  type LlmResponse,
} from './llm-client.js';

/** A current Claude model; `llm.model` overrides it. */
export const DEFAULT_ANTHROPIC_MODEL = 'claude-sonnet-5';

export interface AnthropicOptions {
  apiKey: string;
  model: string;
  /** For tests and proxies; the SDK's default otherwise. */
  baseURL?: string;
  timeoutMs?: number;
  maxRetries?: number;
  /** Stream the reply (server-sent events): long answers are not cut by idle-connection timeouts. */
  stream?: boolean;
}

/** The Anthropic Messages API through the official SDK, with the edit tool forced. */
export class AnthropicClient implements LlmClient {
  readonly provider = 'anthropic' as const;
  readonly model: string;
  private readonly sdk: Anthropic;
  private readonly stream: boolean;

  constructor(options: AnthropicOptions) {
    this.model = options.model;
    this.stream = options.stream ?? false;
    this.sdk = new Anthropic({
      apiKey: options.apiKey,
      baseURL: options.baseURL,
      timeout: options.timeoutMs ?? 120_000,
      maxRetries: options.maxRetries ?? 2,
    });
  }

  async complete(request: LlmRequest): Promise<LlmResponse> {
    try {
      const params = {
        model: this.model,
        max_tokens: request.maxTokens,
        system: request.system,
        messages: request.messages,
        tools: [
          {
            name: EDIT_TOOL.name,
            description: EDIT_TOOL.description,
            input_schema: EDIT_TOOL.schema as unknown as Anthropic.Tool.InputSchema,
          },
        ],
        tool_choice: { type: 'tool' as const, name: EDIT_TOOL.name },
      };
      const message = this.stream
        ? await this.sdk.messages.stream(params).finalMessage()
        : await this.sdk.messages.create(params);
      const tool = message.content.find((b) => b.type === 'tool_use' && b.name === EDIT_TOOL.name);
      const text = message.content.flatMap((b) => (b.type === 'text' ? [b.text] : [])).join('\n');
      const parsed = parseEditInput(tool && tool.type === 'tool_use' ? tool.input : undefined);
      return {
        edits: parsed.edits,
        text: parsed.text || text,
        usage: { input_tokens: message.usage.input_tokens, output_tokens: message.usage.output_tokens },
        model: message.model,
      };
    } catch (err) {
      throw providerError('Anthropic', err);
    }
  }
}

/** Vendor errors stay here: the rest of the program sees an AutofixError that says what to do. */
export function providerError(provider: string, err: unknown): AutofixError {
  const status = (err as { status?: number })?.status;
  const message = (err as Error)?.message ?? String(err);
  if (status === 401 || status === 403)
    return new AutofixError(
      'llm-auth',
      `${provider} refused the credentials (HTTP ${status}): check the API key in the environment`,
    );
  if (status === 429)
    return new AutofixError(
      'llm-rate-limited',
      `${provider} is rate-limiting requests (HTTP 429) after retries; try again later`,
      'external',
    );
  if (status && status >= 500)
    return new AutofixError(
      'llm-unavailable',
      `${provider} failed (HTTP ${status}) after retries; try again later`,
      'external',
    );
  return new AutofixError('llm-failed', `${provider} request failed: ${message}`, 'external');
}
