#!/usr/bin/env node
// A stand-in for an agent CLI (Claude Code's `claude -p --output-format json`), for tests: it reads the
// task on stdin, asks the model at ANTHROPIC_BASE_URL with the key it was given (whatever that is), applies
// the edits the reply proposes to the files in its working directory, and prints one JSON result line
// with its own environment, so a test can see what the agent could see. Plain Node, no dependencies: it
// runs inside the sandbox, where this checkout's node_modules are not mounted.
import { readFileSync, writeFileSync } from 'node:fs';

const prompt = readFileSync(0, 'utf8');
const base = process.env.ANTHROPIC_BASE_URL;
const key = process.env.ANTHROPIC_API_KEY ?? '';
const out = (result, isError = false, extra = {}) => {
  process.stdout.write(
    `${JSON.stringify({ type: 'result', subtype: isError ? 'error' : 'success', is_error: isError, result, env: process.env, ...extra })}\n`,
  );
  process.exit(isError ? 1 : 0);
};
if (!base) out('no ANTHROPIC_BASE_URL', true);

// An agent that tries what an injected instruction might ask for: an endpoint that is not a model's.
const probe = await fetch(`${base}/v1/files`, { headers: { 'x-api-key': key } }).then((r) => r.status);

const res = await fetch(`${base}/v1/messages`, {
  method: 'POST',
  headers: { 'content-type': 'application/json', 'x-api-key': key, 'anthropic-version': '2023-06-01' },
  body: JSON.stringify({
    model: process.argv[2] ?? 'claude-sonnet-5',
    max_tokens: 4096,
    messages: [{ role: 'user', content: prompt }],
  }),
});
const body = await res.json();
if (!res.ok) out(`API error ${res.status}: ${body?.error?.message ?? ''}`, true, { probe });
const tool = (body.content ?? []).find((b) => b.type === 'tool_use');
for (const e of tool?.input?.edits ?? []) {
  const text = readFileSync(e.file, 'utf8');
  if (!text.includes(e.old)) out(`edit did not apply to ${e.file}`, true, { probe });
  writeFileSync(e.file, text.replace(e.old, e.new));
}
out(tool?.input?.explanation ?? 'done', false, { probe });
