import { spawn, type ChildProcess } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { join } from 'node:path';
import { repoRoot } from './cli.js';
import { HANG_MS } from './hang-guard.js';

/** `ci-autofix serve` as a child process, as a deployment runs it; its JSON log lines are kept. */
export interface ServeProcess {
  child: ChildProcess;
  url: string;
  lines: Array<Record<string, unknown>>;
  stderr: () => string;
  /** Resolves with the first log entry that matches. */
  waitForLog(
    match: (entry: Record<string, unknown>) => boolean,
    ms?: number,
  ): Promise<Record<string, unknown>>;
  /** SIGTERM, then the exit code. */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

export async function startServe(
  env: Record<string, string>,
  args: string[] = [],
  /** Another build's bin/ci-autofix.js (a benchmark's before and after). */
  bin = join(repoRoot, 'bin/ci-autofix.js'),
): Promise<ServeProcess> {
  const child = spawn(process.execPath, [bin, 'serve', '--port', '0', ...args], {
    env: {
      ...process.env,
      NO_COLOR: '1',
      ANTHROPIC_API_KEY: '',
      OPENAI_API_KEY: '',
      LOG_LEVEL: 'debug',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: Array<Record<string, unknown>> = [];
  const waiters: Array<{
    match: (e: Record<string, unknown>) => boolean;
    resolve: (e: Record<string, unknown>) => void;
  }> = [];
  let err = '';
  let buffered = '';
  let exited: number | null | undefined;
  const exit = new Promise<number | null>((resolve) =>
    child.on('exit', (code) => {
      exited = code;
      resolve(code);
    }),
  );
  child.stderr!.on('data', (b: Buffer) => (err += b.toString()));
  child.stdout!.on('data', (b: Buffer) => {
    buffered += b.toString();
    let nl: number;
    while ((nl = buffered.indexOf('\n')) >= 0) {
      const line = buffered.slice(0, nl);
      buffered = buffered.slice(nl + 1);
      let entry: Record<string, unknown>;
      try {
        entry = JSON.parse(line) as Record<string, unknown>;
      } catch {
        entry = { msg: 'not JSON', line };
      }
      lines.push(entry);
      for (const w of [...waiters])
        if (w.match(entry)) {
          waiters.splice(waiters.indexOf(w), 1);
          w.resolve(entry);
        }
    }
  });
  const waitForLog = (match: (e: Record<string, unknown>) => boolean, ms = HANG_MS) => {
    const found = lines.find(match);
    if (found) return Promise.resolve(found);
    return new Promise<Record<string, unknown>>((resolve, reject) => {
      const timer = setTimeout(
        () =>
          reject(
            new Error(
              `no such log entry within ${ms} ms; stderr: ${err}\nlog:\n${lines.map((l) => JSON.stringify(l)).join('\n')}`,
            ),
          ),
        ms,
      );
      waiters.push({
        match,
        resolve: (e) => {
          clearTimeout(timer);
          resolve(e);
        },
      });
      void exit.then(() => {
        if (waiters.some((w) => w.match === match))
          reject(
            new Error(
              `serve exited (${String(exited)}) first; stderr: ${err}\nlog:\n${lines.map((l) => JSON.stringify(l)).join('\n')}`,
            ),
          );
      });
    });
  };
  const started = await waitForLog((e) => e.msg === 'service started', HANG_MS);
  return {
    child,
    url: `http://127.0.0.1:${String(started.port)}`,
    lines,
    stderr: () => err,
    waitForLog,
    stop: async (signal = 'SIGTERM') => {
      if (exited === undefined) child.kill(signal);
      return exit;
    },
  };
}

/** POSTs a webhook delivery as GitHub does, signed with `secret` (or with a given signature header). */
export async function deliver(
  url: string,
  event: string,
  payload: unknown,
  secret: string,
  options: { signature?: string | null; delivery?: string } = {},
): Promise<{ status: number; body: Record<string, unknown> }> {
  const body = JSON.stringify(payload);
  const signature =
    options.signature === undefined
      ? `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`
      : options.signature;
  const res = await fetch(`${url}/webhook`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'x-github-event': event,
      'x-github-delivery': options.delivery ?? crypto.randomUUID(),
      ...(signature !== null ? { 'x-hub-signature-256': signature } : {}),
    },
    body,
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}
