export {
  AnthropicClient,
  DEFAULT_ANTHROPIC_MODEL,
  providerError,
  type AnthropicOptions,
} from './anthropic-client.js';
export { applyEdits, type EditOutcome, type FileEdit } from './apply-edits.js';
export {
  EDIT_TOOL,
  parseEditInput,
  type LlmClient,
  type LlmRequest,
  type LlmResponse,
  type LlmUsage,
} from './llm-client.js';
export { OpenAiCompatibleClient, type OpenAiOptions } from './openai-client.js';
export { makeRedactor, type Redactor } from './redact.js';
export { buildContext, DEFAULT_BUDGET, type ContextBudget, type FileSlice } from './context.js';
export {
  definitionOf,
  enclosingDefinition,
  excerptLadder,
  importRange,
  initSyntax,
  statementRange,
  type LineRange,
  type SyntaxRange,
} from './syntax/index.js';
export { AGENT_INSTRUCTIONS, buildUserPrompt, PROMPT_VERSION, SYSTEM_PROMPT } from './prompt.js';
export {
  AGENT_PRESETS,
  AgentCliClient,
  type AgentClient,
  type AgentCliOptions,
  type AgentPreset,
  type AgentRequest,
  type AgentResult,
} from './agent-cli-client.js';
export {
  capOutput,
  startModelProxy,
  type Admission,
  type ModelProxy,
  type ModelProxyOptions,
  type ProxyApi,
  type ProxyUsage,
} from './model-proxy.js';
export { UsageMeter } from './usage-meter.js';
export { estimateTokens } from './tokens.js';
