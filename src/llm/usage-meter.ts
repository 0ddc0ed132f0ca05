import type { LlmUsage } from './llm-client.js';

type SeenUsage = Required<LlmUsage> & { model?: string };

/**
 * Reads usage from a reply as it streams by: a JSON body, or server-sent events. Anthropic reports input
 * in `message_start` and cumulative output in `message_delta`; OpenAI in a final chunk (`usage`) or in
 * `response.completed` (`response.usage`). Per reply the largest figure of each kind is the total.
 */
export class UsageMeter {
  private pending = '';
  private readonly seen: SeenUsage = {
    input_tokens: 0,
    output_tokens: 0,
    cache_read_input_tokens: 0,
    cache_creation_input_tokens: 0,
  };
  private readonly decoder = new TextDecoder();
  private whole = '';
  private sse = false;

  push(chunk: Uint8Array): void {
    const text = this.decoder.decode(chunk, { stream: true });
    if (!this.sse && this.whole.length < 4 * 1024 * 1024) this.whole += text;
    this.pending += text;
    let nl: number;
    while ((nl = this.pending.indexOf('\n')) >= 0) {
      const line = this.pending.slice(0, nl).trim();
      this.pending = this.pending.slice(nl + 1);
      if (line.startsWith('data:')) {
        this.sse = true;
        this.whole = '';
        this.take(line.slice(5).trim());
      }
    }
  }

  finish(): SeenUsage {
    if (!this.sse) this.take(this.whole);
    return this.seen;
  }

  private take(json: string) {
    if (!json.startsWith('{')) return;
    let v: Record<string, unknown>;
    try {
      v = JSON.parse(json) as Record<string, unknown>;
    } catch {
      return;
    }
    for (const holder of [v, v.message, v.response] as Array<Record<string, unknown> | undefined>) {
      if (!holder || typeof holder !== 'object') continue;
      if (typeof holder.model === 'string') this.seen.model = holder.model;
      const u = holder.usage as Record<string, unknown> | undefined;
      if (!u || typeof u !== 'object') continue;
      const num = (...keys: string[]) => {
        for (const k of keys) if (typeof u[k] === 'number') return u[k];
        return 0;
      };
      this.seen.input_tokens = Math.max(this.seen.input_tokens, num('input_tokens', 'prompt_tokens'));
      this.seen.output_tokens = Math.max(this.seen.output_tokens, num('output_tokens', 'completion_tokens'));
      this.seen.cache_read_input_tokens = Math.max(
        this.seen.cache_read_input_tokens,
        num('cache_read_input_tokens'),
      );
      this.seen.cache_creation_input_tokens = Math.max(
        this.seen.cache_creation_input_tokens,
        num('cache_creation_input_tokens'),
      );
    }
  }
}
