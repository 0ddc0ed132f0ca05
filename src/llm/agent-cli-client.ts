import { AutofixError } from '../domain/index.js';
import type { Sandbox } from '../sandbox/index.js';
import type { LlmUsage } from './llm-client.js';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, isAbsolute, join } from 'node:path';
import { startModelProxy, type ModelProxy, type ModelProxyOptions, type ProxyApi } from './model-proxy.js';
import { FORWARDER_PORT, FORWARDER_SCRIPT } from './socket-forwarder.js';

/** One run of an agent CLI in a worktree: it edits the files itself; the pipeline then diffs and validates. */
export interface AgentRequest {
  dir: string;
  prompt: string;
  /** Folders under /tmp the agent must read (the worktree's linked dependencies). */
  readable: string[];
  /** Asked by the proxy before each model request the agent makes (budgets). */
  admit?: ModelProxyOptions['admit'];
}

export interface AgentResult {
  ok: boolean;
  /** The agent's final message, or why it failed. */
  text: string;
  usage: LlmUsage;
  requests: number;
  model: string;
}

/** The port for agents, beside `LlmClient`: an agent gets a folder and a task, not a request. */
export interface AgentClient {
  readonly provider: 'agent-cli';
  /** claude-code, codex, or agent (a command template). */
  readonly name: string;
  readonly model: string;
  run(request: AgentRequest): Promise<AgentResult>;
}

export interface AgentPreset {
  argv: string[];
  api: ProxyApi;
  /** Non-secret switches the CLI reads (telemetry and updates off). */
  env: Record<string, string>;
}

/**
 * Claude Code and codex in headless mode, with the prompt on stdin. Claude Code gets the file tools only
 * (`--tools`; shell, web and sub-agents are not offered at all) and `--bare` with user settings only: the
 * repository under repair must not configure its agent, since a PR can add a CLAUDE.md (instructions),
 * `.claude/settings.json` (hooks are shell commands, permissions, an apiKeyHelper) or `.mcp.json`. A test
 * with the real CLI plants all of these. https://code.claude.com/docs/en/cli-reference
 */
export const AGENT_PRESETS: Record<'claude-code' | 'codex', AgentPreset> = {
  'claude-code': {
    argv: [
      'claude',
      '-p',
      '--bare',
      '--setting-sources',
      'user',
      '--strict-mcp-config',
      '--no-session-persistence',
      '--output-format',
      'json',
      '--model',
      '{model}',
      '--permission-mode',
      'acceptEdits',
      '--tools',
      'Read,Edit,Write,Glob,Grep',
      '--disallowedTools',
      'Bash,WebFetch,WebSearch,Task,NotebookEdit',
      '--max-turns',
      '30',
    ],
    api: 'anthropic',
    env: {
      DISABLE_TELEMETRY: '1',
      DISABLE_AUTOUPDATER: '1',
      DISABLE_ERROR_REPORTING: '1',
      CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: '1',
    },
  },
  // codex ignores OPENAI_BASE_URL for its built-in provider (it dials the real host, over WebSockets
  // first): a provider of our own, pointed at the proxy, with the scoped token read from OPENAI_API_KEY.
  // {agent_sandbox}: codex's own sandbox (workspace-write) where ours cannot isolate; under bubblewrap,
  // which already gives it no network and only the worktree to write, codex's own is off: it cannot
  // write files inside another sandbox (its apply_patch fails).
  codex: {
    argv: [
      'codex',
      'exec',
      '--ephemeral',
      '--skip-git-repo-check',
      '--ignore-rules',
      '--sandbox',
      '{agent_sandbox}',
      '--model',
      '{model}',
      '-c',
      'model_provider=ci_autofix_proxy',
      '-c',
      'model_providers.ci_autofix_proxy.name="ci-autofix proxy"',
      '-c',
      'model_providers.ci_autofix_proxy.base_url="{base_url}"',
      '-c',
      'model_providers.ci_autofix_proxy.env_key="OPENAI_API_KEY"',
      '-c',
      'model_providers.ci_autofix_proxy.wire_api="responses"',
      '-',
    ],
    api: 'openai',
    env: {},
  },
};

export interface AgentCliOptions {
  name: string;
  argv: string[];
  api: ProxyApi;
  env?: Record<string, string>;
  model: string;
  /** The real API: the proxy holds the key and forwards there. */
  upstream: string;
  apiKey: string;
  sandbox: Sandbox;
  timeoutMs: number;
}

/**
 * An agent CLI run as a subprocess in the sandboxed worktree. It never sees a credential: it talks to a
 * key-holding proxy with a per-run token (`startModelProxy`), which meters usage and enforces the budget.
 * Under bubblewrap the agent has no network at all: the proxy listens on a Unix socket bound into the
 * sandbox, and a forwarder inside serves it on the sandbox's own loopback. The local backend cannot
 * isolate the network, so there the proxy is on the host's loopback.
 */
export class AgentCliClient implements AgentClient {
  readonly provider = 'agent-cli' as const;
  readonly name: string;
  readonly model: string;

  constructor(private readonly options: AgentCliOptions) {
    this.name = options.name;
    this.model = options.model;
  }

  async run(request: AgentRequest): Promise<AgentResult> {
    const isolated = this.options.sandbox.backend === 'bwrap';
    const socketDir = isolated ? await mkdtemp(join(tmpdir(), 'ci-autofix-proxy-')) : undefined;
    try {
      if (socketDir) await chmod(socketDir, 0o711);
      const socket = socketDir ? join(socketDir, 'model.sock') : undefined;
      const proxy = await startModelProxy({
        api: this.options.api,
        upstream: this.options.upstream,
        apiKey: this.options.apiKey,
        admit: request.admit,
        socket: socket ? { path: socket, origin: `http://127.0.0.1:${FORWARDER_PORT}` } : undefined,
      });
      try {
        return await this.runWith(proxy, request, socket);
      } finally {
        await proxy.close();
      }
    } finally {
      if (socketDir) await rm(socketDir, { recursive: true, force: true });
    }
  }

  private async runWith(proxy: ModelProxy, request: AgentRequest, socket?: string): Promise<AgentResult> {
    const brokered: Record<string, string> =
      this.options.api === 'anthropic'
        ? { ANTHROPIC_BASE_URL: proxy.baseURL, ANTHROPIC_API_KEY: proxy.token }
        : { OPENAI_BASE_URL: proxy.baseURL, OPENAI_API_KEY: proxy.token };
    const agentArgv = this.options.argv.map((a) =>
      a
        .replaceAll('{model}', this.model)
        .replaceAll('{base_url}', proxy.baseURL)
        .replaceAll('{agent_sandbox}', socket ? 'danger-full-access' : 'workspace-write'),
    );
    const argv = socket
      ? [process.execPath, '-e', FORWARDER_SCRIPT, socket, String(FORWARDER_PORT), ...agentArgv]
      : agentArgv;
    const ran = await this.options.sandbox.run({
      argv,
      cwd: request.dir,
      writable: [request.dir],
      // The sandbox binds a program under /tmp only when it is the command it runs: behind the
      // forwarder, the agent's own folder (and the socket's) must be named.
      readable: socket
        ? [
            ...request.readable,
            dirname(socket),
            ...(isAbsolute(agentArgv[0] ?? '') ? [dirname(agentArgv[0]!)] : []),
          ]
        : request.readable,
      env: this.options.env,
      brokered,
      stdin: request.prompt,
      network: !socket,
      timeoutMs: this.options.timeoutMs,
    });
    const usage: LlmUsage = {
      input_tokens: proxy.usage.input_tokens,
      output_tokens: proxy.usage.output_tokens,
      cache_read_input_tokens: proxy.usage.cache_read_input_tokens,
      cache_creation_input_tokens: proxy.usage.cache_creation_input_tokens,
    };
    const base = { usage, requests: proxy.usage.requests, model: proxy.usage.model ?? this.model };
    // bwrap says `execvp <program>: No such file or directory`; the local backend, `spawn <program> ENOENT`.
    if (ran.exitCode !== 0 && /execvp .*No such file|spawn \S+ ENOENT/.test(ran.output.slice(0, 400)))
      throw new AutofixError(
        'llm-config',
        `${agentArgv[0]} could not be started (${ran.output.trim().split('\n')[0] ?? ''}): install it, or set llm.agent.command`,
      );
    if (ran.timedOut)
      return { ...base, ok: false, text: `${this.name} timed out after ${this.options.timeoutMs} ms` };
    const result = resultOf(ran.output);
    if (ran.exitCode !== 0 || result.error)
      return {
        ...base,
        ok: false,
        text: `${this.name} failed (exit code ${ran.exitCode}): ${(result.text || ran.output).trim().split('\n').slice(-3).join(' ').slice(0, 400)}`,
      };
    return { ...base, ok: true, text: result.text.trim().slice(-2000) };
  }
}

/** Claude Code's `--output-format json` prints one result object; other agents print their last message. */
function resultOf(output: string): { text: string; error: boolean } {
  const lines = output.split('\n');
  for (let i = lines.length - 1; i >= 0; i--) {
    const line = lines[i]!.trim();
    if (!line.startsWith('{') || !line.includes('"result"')) continue;
    try {
      const v = JSON.parse(line) as { type?: string; result?: unknown; is_error?: boolean };
      if (v.type === 'result')
        return { text: typeof v.result === 'string' ? v.result : '', error: v.is_error === true };
    } catch {
      // Not the result line.
    }
  }
  return { text: output, error: false };
}
