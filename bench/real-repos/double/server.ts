import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { parsePrompt } from './excerpts.js';
import { planEdits, type FileEdit, type Plan } from './plan-edits.js';
import type { RefHunk } from './reference.js';

/** What the double saw and answered, per request: the benchmark's figures come from these. */
export interface DoubleRequest {
  /** Editable files shown, and how many excerpts in all (reference ones included). */
  files: string[];
  excerpts: number;
  /** The excerpts shown, as `file:from-to` (`(ref)` for reference-only ones). */
  shown: string[];
  retry: boolean;
  /** ci-autofix's feedback on the previous attempt, as the request quoted it (why it rejected the edits). */
  feedback: string;
  input_tokens: number;
  output_tokens: number;
  edits: number;
  /** The edits themselves, when the DOUBLE_LOG_EDITS environment variable is set (for debugging a case). */
  proposed?: FileEdit[];
  hunks: Plan['hunks'];
  answer: string;
  error?: string;
}

export interface ModelDouble {
  url: string;
  requests: DoubleRequest[];
  close(): Promise<void>;
}

/** Tokens as the double reports them: about four characters each, for request and answer alike. */
export const tokensOf = (text: string) => Math.ceil(text.length / 4);

interface MessagesBody {
  model?: string;
  stream?: boolean;
  system?: string | Array<{ text?: string }>;
  messages?: Array<{ role: string; content: string | Array<{ type?: string; text?: string }> }>;
  tools?: unknown;
}

const textOf = (c: string | Array<{ text?: string }> | undefined) =>
  typeof c === 'string' ? c : (c ?? []).map((b) => b.text ?? '').join('\n');

/** The answer's explanation: what it changed and which blocks of the fix it could not see. */
function explain(plan: Plan): string {
  const edited = plan.hunks.filter((h) => h.status === 'edited').length;
  const missing = plan.hunks
    .filter((h) => h.status === 'partly-shown' || h.status === 'not-shown')
    .map((h) => `${h.file} block ${h.index} (${h.status})`);
  const head = edited
    ? `Rewrote ${edited} block(s) to the reference fix.`
    : 'No block of the reference fix lies wholly within the lines shown, so there is nothing to edit.';
  return missing.length ? `${head} Not in the lines shown: ${missing.join(', ')}.` : head;
}

/**
 * A model double: per request, the edits that turn the shown excerpts into the reference fix, for the
 * blocks wholly shown. A request for the same failures as an earlier one quotes more context lines (the
 * earlier quote may not have been unique); if its edits are the ones already tried, it proposes none.
 */
function answer(
  body: MessagesBody,
  hunks: RefHunk[],
  seen: Map<string, string[]>,
  refuses?: (failures: string) => boolean,
) {
  const prompt = (body.messages ?? []).map((m) => textOf(m.content)).join('\n\n');
  const parsed = parsePrompt(prompt);
  const earlier = seen.get(parsed.failures) ?? [];
  // A double that cannot fix some kinds of failure (bench/memory): it is shown them, and proposes nothing.
  const plan = planEdits(refuses?.(parsed.failures) ? [] : hunks, parsed.excerpts, 2 + 3 * earlier.length);
  let edits: FileEdit[] = plan.edits;
  let text = explain(plan);
  const key = plan.hunks
    .filter((h) => h.status === 'edited')
    .map((h) => `${h.file}#${h.index}`)
    .join(',');
  // Feedback that an edit did not apply asks for the same blocks quoted more widely; any other feedback
  // (still reported, new findings, the safety policy) would get the same blocks again, which is no answer.
  const unapplied = /occurs more than once|matches more than once|does not occur/.test(parsed.feedback);
  if (edits.length && parsed.feedback && !unapplied && earlier.includes(key)) {
    edits = [];
    text = `The same blocks of the fix were already proposed and rejected; what still fails is outside the lines shown. ${text}`;
  }
  seen.set(parsed.failures, [...earlier, key]);
  const input = { edits, explanation: text };
  const request: DoubleRequest = {
    files: [...new Set(parsed.excerpts.filter((e) => !e.reference).map((e) => e.file))],
    excerpts: parsed.excerpts.length,
    shown: parsed.excerpts.map((e) => `${e.file}:${e.from}-${e.to}${e.reference ? ' (ref)' : ''}`),
    retry: parsed.feedback !== '',
    feedback: parsed.feedback
      .replace(/<\/?untrusted-feedback-\w+>/g, '')
      .trim()
      .slice(0, 600),
    input_tokens: tokensOf(textOf(body.system) + prompt + JSON.stringify(body.tools ?? '')),
    output_tokens: tokensOf(JSON.stringify(input)),
    edits: edits.length,
    ...(process.env.DOUBLE_LOG_EDITS ? { proposed: edits } : {}),
    hunks: plan.hunks,
    answer: text,
  };
  return { input, request };
}

function reply(
  res: ServerResponse,
  body: MessagesBody,
  input: object,
  usage: { input_tokens: number; output_tokens: number },
  n: number,
) {
  const id = `msg_double_${n}`;
  const model = body.model ?? 'model-double';
  const tool = { type: 'tool_use', id: `toolu_double_${n}`, name: 'propose_edits', input };
  if (!body.stream) {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(
      JSON.stringify({
        id,
        type: 'message',
        role: 'assistant',
        model,
        content: [tool],
        stop_reason: 'tool_use',
        stop_sequence: null,
        usage,
      }),
    );
    return;
  }
  // The same answer as server-sent events, for a client configured with `llm.stream: true`.
  res.writeHead(200, { 'content-type': 'text/event-stream' });
  const send = (type: string, data: object) =>
    res.write(`event: ${type}\ndata: ${JSON.stringify({ type, ...data })}\n\n`);
  send('message_start', {
    message: {
      id,
      type: 'message',
      role: 'assistant',
      model,
      content: [],
      stop_reason: null,
      stop_sequence: null,
      usage: { input_tokens: usage.input_tokens, output_tokens: 1 },
    },
  });
  send('content_block_start', { index: 0, content_block: { ...tool, input: {} } });
  send('content_block_delta', {
    index: 0,
    delta: { type: 'input_json_delta', partial_json: JSON.stringify(input) },
  });
  send('content_block_stop', { index: 0 });
  send('message_delta', {
    delta: { stop_reason: 'tool_use', stop_sequence: null },
    usage: { output_tokens: usage.output_tokens },
  });
  send('message_stop', {});
  res.end();
}

/** Starts the double on a loopback port: the Anthropic Messages API (POST …/v1/messages), enough for the SDK. */
/**
 * A model's answer time: the first token after `firstTokenMs`, then `tokensPerSecond` for the output. The
 * double answers at once without it.
 */
export interface Latency {
  firstTokenMs: number;
  tokensPerSecond: number;
}

export async function startModelDouble(
  hunks: RefHunk[],
  refuses?: (failures: string) => boolean,
  latency?: Latency,
): Promise<ModelDouble> {
  const requests: DoubleRequest[] = [];
  const seen = new Map<string, string[]>();
  const handle = (req: IncomingMessage, res: ServerResponse, raw: string) => {
    if (req.method !== 'POST' || !/\/v1\/messages$/.test(req.url?.split('?')[0] ?? '')) {
      res.writeHead(404, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({
          type: 'error',
          error: { type: 'not_found_error', message: `${req.method} ${req.url}` },
        }),
      );
      return;
    }
    let body: MessagesBody = {};
    let input: object;
    let request: DoubleRequest;
    try {
      body = JSON.parse(raw) as MessagesBody;
      ({ input, request } = answer(body, hunks, seen, refuses));
    } catch (err) {
      // A bug of the double must not look like a model's failure to the benchmark: recorded, no edits.
      const text = `model double failed: ${(err as Error).stack ?? err}`;
      input = { edits: [], explanation: text.slice(0, 300) };
      request = {
        files: [],
        excerpts: 0,
        shown: [],
        retry: false,
        feedback: '',
        input_tokens: 0,
        output_tokens: 0,
        edits: 0,
        hunks: [],
        answer: '',
        error: text,
      };
    }
    requests.push(request);
    const usage = { input_tokens: request.input_tokens, output_tokens: request.output_tokens };
    const n = requests.length;
    const wait = latency
      ? latency.firstTokenMs + (1000 * request.output_tokens) / latency.tokensPerSecond
      : 0;
    setTimeout(() => reply(res, body, input, usage, n), wait);
  };
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => handle(req, res, Buffer.concat(chunks).toString('utf8')));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as { port: number }).port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        // The SDK keeps its connection alive; the run is over, so nothing is cut short.
        server.closeAllConnections();
      }),
  };
}
