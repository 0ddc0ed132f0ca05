import { readFileSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import type { RepoConfig } from '../config/index.js';
import { AutofixError } from '../domain/index.js';
import {
  AnthropicClient,
  applyEdits,
  buildContext,
  buildUserPrompt,
  DEFAULT_ANTHROPIC_MODEL,
  DEFAULT_BUDGET,
  estimateTokens,
  makeRedactor,
  OpenAiCompatibleClient,
  SYSTEM_PROMPT,
  type LlmClient,
} from '../llm/index.js';
import type { ModelDeps } from '../pipeline/index.js';

/**
 * The model client from configuration and environment: `llm.provider` (auto by default) picks Anthropic
 * when ANTHROPIC_API_KEY is set, else an OpenAI-compatible server when OPENAI_API_KEY is (with
 * OPENAI_BASE_URL or `llm.base_url` for Ollama, vLLM, …). Keys are read here and passed to the SDKs only;
 * they never reach the sandbox, a prompt or a log.
 */
export function chooseModel(config: RepoConfig, env: NodeJS.ProcessEnv): LlmClient | undefined {
  const { provider } = config.llm;
  if (provider === 'none') return undefined;
  if (provider === 'anthropic' || (provider === 'auto' && env.ANTHROPIC_API_KEY)) {
    if (!env.ANTHROPIC_API_KEY)
      throw new AutofixError('llm-config', 'llm.provider is anthropic but ANTHROPIC_API_KEY is not set');
    return new AnthropicClient({
      apiKey: env.ANTHROPIC_API_KEY,
      model: config.llm.model ?? DEFAULT_ANTHROPIC_MODEL,
      baseURL: env.ANTHROPIC_BASE_URL,
      stream: config.llm.stream,
    });
  }
  if (provider === 'openai' || (provider === 'auto' && env.OPENAI_API_KEY)) {
    const baseURL = config.llm.base_url ?? env.OPENAI_BASE_URL;
    if (!env.OPENAI_API_KEY && !baseURL)
      throw new AutofixError(
        'llm-config',
        'llm.provider is openai but neither OPENAI_API_KEY nor a base URL is set',
      );
    // Local servers (Ollama, vLLM) accept any key; the SDK insists on one.
    return new OpenAiCompatibleClient({
      apiKey: env.OPENAI_API_KEY ?? 'not-needed',
      model: config.llm.model ?? 'gpt-4.1',
      baseURL,
      stream: config.llm.stream,
    });
  }
  return undefined;
}

export function modelDeps(client: LlmClient, env: NodeJS.ProcessEnv): ModelDeps {
  return {
    client,
    redactor: makeRedactor(env),
    systemPrompt: SYSTEM_PROMPT,
    buildContext: (group, read, maxInputTokens, reserved) =>
      buildContext(group, read, { ...DEFAULT_BUDGET, maxInputTokens }, reserved),
    buildUserPrompt,
    estimateTokens,
    applyEdits,
    readFile: (root, file) => {
      if (isAbsolute(file) || file.split('/').includes('..')) return undefined;
      try {
        return readFileSync(join(root, file), 'utf8');
      } catch {
        return undefined;
      }
    },
  };
}
