import OpenAI from 'openai';
import { providerError } from './anthropic-client.js';
import {
  EDIT_TOOL,
  parseEditInput,
  type LlmClient,
  type LlmRequest,
  type LlmResponse,
} from './llm-client.js';

export interface OpenAiOptions {
  apiKey: string;
  model: string;
  /** OpenAI, or any compatible server: Ollama, vLLM, llama.cpp, OpenRouter. */
  baseURL?: string;
  timeoutMs?: number;
  maxRetries?: number;
  /** Stream the reply (server-sent events). */
  stream?: boolean;
}

/** Any OpenAI-compatible Chat Completions endpoint through the official SDK, with the edit function forced. */
export class OpenAiCompatibleClient implements LlmClient {
  readonly provider = 'openai-compatible' as const;
  readonly model: string;
  private readonly sdk: OpenAI;
  private readonly stream: boolean;

  constructor(options: OpenAiOptions) {
    this.model = options.model;
    this.stream = options.stream ?? false;
    this.sdk = new OpenAI({
      apiKey: options.apiKey,
      baseURL: options.baseURL,
      timeout: options.timeoutMs ?? 120_000,
      maxRetries: options.maxRetries ?? 2,
    });
  }

  async complete(request: LlmRequest): Promise<LlmResponse> {
    try {
      const params: Omit<OpenAI.Chat.ChatCompletionCreateParamsNonStreaming, 'stream'> = {
        model: this.model,
        max_tokens: request.maxTokens,
        messages: [{ role: 'system' as const, content: request.system }, ...request.messages],
        tools: [
          {
            type: 'function' as const,
            function: {
              name: EDIT_TOOL.name,
              description: EDIT_TOOL.description,
              parameters: EDIT_TOOL.schema as unknown as Record<string, unknown>,
            },
          },
        ],
        tool_choice: { type: 'function' as const, function: { name: EDIT_TOOL.name } },
      };
      const res = this.stream
        ? await this.sdk.chat.completions
            .stream({ ...params, stream_options: { include_usage: true } })
            .finalChatCompletion()
        : await this.sdk.chat.completions.create(params);
      const choice = res.choices[0];
      const call = choice?.message.tool_calls?.find(
        (c) => c.type === 'function' && c.function.name === EDIT_TOOL.name,
      );
      let input: unknown;
      if (call && call.type === 'function') {
        try {
          input = JSON.parse(call.function.arguments);
        } catch {
          input = undefined; // Arguments that are not JSON are an answer with no edits; the loop says so.
        }
      }
      const parsed = parseEditInput(input);
      return {
        edits: parsed.edits,
        text: parsed.text || (choice?.message.content ?? ''),
        usage: {
          input_tokens: res.usage?.prompt_tokens ?? 0,
          output_tokens: res.usage?.completion_tokens ?? 0,
        },
        model: res.model,
      };
    } catch (err) {
      throw providerError('OpenAI-compatible server', err);
    }
  }
}
