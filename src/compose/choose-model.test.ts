import { describe, expect, it } from 'vitest';
import { parseConfig } from '../config/index.js';
import { LocalSandbox } from '../sandbox/index.js';
import { chooseModel } from './choose-model.js';

const sandbox = new LocalSandbox({});
const choose = (yaml: string, env: Record<string, string>) => chooseModel(parseConfig(yaml), env, sandbox);

describe('choosing the model from config and environment', () => {
  it('auto: Anthropic when its key is set, else an OpenAI-compatible server, else none', () => {
    expect(choose('{}', { ANTHROPIC_API_KEY: 'k', OPENAI_API_KEY: 'o' })).toMatchObject({
      provider: 'anthropic',
      model: 'claude-sonnet-5',
    });
    expect(choose('{}', { OPENAI_API_KEY: 'o', OPENAI_BASE_URL: 'http://127.0.0.1:11434/v1' })).toMatchObject(
      {
        provider: 'openai-compatible',
      },
    );
    expect(choose('{}', {})).toBeUndefined();
    expect(choose('llm:\n  provider: none\n', { ANTHROPIC_API_KEY: 'k' })).toBeUndefined();
  });

  it('agent CLIs: presets, their models, and the key they need named when it is missing', () => {
    expect(choose('llm:\n  provider: claude-code\n', { ANTHROPIC_API_KEY: 'k' })).toMatchObject({
      provider: 'agent-cli',
      name: 'claude-code',
      model: 'claude-sonnet-5',
    });
    expect(choose('llm:\n  provider: codex\n', { OPENAI_API_KEY: 'o' })).toMatchObject({
      name: 'codex',
      model: 'gpt-5-codex',
    });
    expect(() => choose('llm:\n  provider: claude-code\n', {})).toThrow(
      /ANTHROPIC_API_KEY is not set \(ci-autofix holds the key; the agent never sees it\)/,
    );
    expect(() => choose('llm:\n  provider: agent\n', { ANTHROPIC_API_KEY: 'k' })).toThrow(
      /llm\.agent\.command is not set/,
    );
    expect(
      choose('llm:\n  provider: agent\n  model: m\n  agent:\n    command: [my-agent, --model, "{model}"]\n', {
        ANTHROPIC_API_KEY: 'k',
      }),
    ).toMatchObject({ name: 'agent', model: 'm' });
  });
});
