import { readFileSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import type { RepoConfig } from '../config/index.js';
import { AutofixError } from '../domain/index.js';
import type { Sandbox } from '../sandbox/index.js';
import {
  AGENT_INSTRUCTIONS,
  AGENT_PRESETS,
  AgentCliClient,
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
  type AgentClient,
  type LlmClient,
} from '../llm/index.js';
import type { ModelDeps } from '../pipeline/index.js';

/**
 * The model client from configuration and environment: `llm.provider` (auto by default) picks Anthropic
 * when ANTHROPIC_API_KEY is set, else an OpenAI-compatible server when OPENAI_API_KEY is (with
 * OPENAI_BASE_URL or `llm.base_url` for Ollama, vLLM, …). Keys are read here and passed to the SDKs only;
 * they never reach the sandbox, a prompt or a log.
 */
export function chooseModel(
  config: RepoConfig,
  env: NodeJS.ProcessEnv,
  sandbox: Sandbox,
): LlmClient | AgentClient | undefined {
  const { provider } = config.llm;
  if (provider === 'none') return undefined;
  if (provider === 'claude-code' || provider === 'codex' || provider === 'agent')
    return chooseAgent(config, env, sandbox);
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

/**
 * An agent CLI (Claude Code, codex, or `llm.agent.command`). The key named here stays in this process:
 * the agent gets a scoped token for a loopback proxy that holds it (see `startModelProxy`).
 */
function chooseAgent(config: RepoConfig, env: NodeJS.ProcessEnv, sandbox: Sandbox): AgentClient {
  const { provider, agent } = config.llm;
  const preset = provider === 'codex' ? AGENT_PRESETS.codex : AGENT_PRESETS['claude-code'];
  if (provider === 'agent' && !agent.command)
    throw new AutofixError('llm-config', 'llm.provider is agent but llm.agent.command is not set');
  const api = agent.api ?? preset.api;
  const anthropic = api === 'anthropic';
  const apiKey = anthropic ? env.ANTHROPIC_API_KEY : env.OPENAI_API_KEY;
  const upstream = anthropic
    ? (env.ANTHROPIC_BASE_URL ?? 'https://api.anthropic.com')
    : (config.llm.base_url ?? env.OPENAI_BASE_URL ?? 'https://api.openai.com/v1');
  if (!apiKey)
    throw new AutofixError(
      'llm-config',
      `llm.provider is ${provider} but ${anthropic ? 'ANTHROPIC_API_KEY' : 'OPENAI_API_KEY'} is not set (ci-autofix holds the key; the agent never sees it)`,
    );
  return new AgentCliClient({
    name: provider,
    argv: agent.command ?? preset.argv,
    api,
    env: provider === 'agent' ? {} : preset.env,
    model: config.llm.model ?? (anthropic ? DEFAULT_ANTHROPIC_MODEL : 'gpt-5-codex'),
    upstream,
    apiKey,
    sandbox,
    timeoutMs: agent.timeout_seconds * 1000,
  });
}

export function modelDeps(client: LlmClient | AgentClient, env: NodeJS.ProcessEnv): ModelDeps {
  return {
    client,
    agentInstructions: AGENT_INSTRUCTIONS,
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
