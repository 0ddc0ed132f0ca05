import type { Writable } from 'node:stream';
import { AutofixError } from '../../domain/index.js';
import { migrate, openDatabase, StoreFixMemory, type MemoryEntry } from '../../store/index.js';
import { localMemoryDir } from './local-memory.js';
import { openServiceStore } from './open-store.js';

export interface MemoryCliOptions {
  format: string;
  repo?: string;
  all?: boolean;
  /** The local `fix`'s memory (the state folder) instead of the service's database. */
  local?: boolean;
}

const usd = (v: number) => `$${v.toFixed(4)}`;

function entryLine(e: MemoryEntry): string {
  const verdicts = e.accepted + e.rejected ? `, ${e.accepted} accepted, ${e.rejected} rejected` : '';
  return `${e.signature}  ${e.repository}  ${e.tool}${e.code ? ` ${e.code}` : ''}  ${e.strategy}: ${e.kept}/${e.tried} kept, ${e.published} published${verdicts}, ${usd(e.cost_usd)}  "${e.pattern}"`;
}

/**
 * `ci-autofix memory list | show SIGNATURE | forget [SIGNATURE] [--repo R | --all]`: what the fix memory
 * holds (it holds code paths and messages of the user's repositories: the owner reads and deletes it).
 */
export async function memoryCommand(
  action: string,
  signature: string | undefined,
  options: MemoryCliOptions,
  io: { stdout: Writable; env: NodeJS.ProcessEnv } = { stdout: process.stdout, env: process.env },
): Promise<number> {
  if (!['text', 'json'].includes(options.format))
    throw new AutofixError('usage', `--format must be text or json (got "${options.format}")`);
  if (!['list', 'show', 'forget'].includes(action))
    throw new AutofixError('usage', `memory takes list, show SIGNATURE or forget (got "${action}")`);
  if (action === 'show' && !signature)
    throw new AutofixError('usage', 'memory show needs a SIGNATURE: the first column of `memory list`');
  if (action === 'forget' && !signature && !options.repo && !options.all)
    throw new AutofixError(
      'usage',
      'memory forget needs a SIGNATURE, --repo OWNER/NAME, or --all to forget everything',
    );
  const db = options.local
    ? await openDatabase({ dataDir: localMemoryDir(io.env) }).then(async (d) => (await migrate(d), d))
    : await openServiceStore(io.env);
  try {
    const memory = new StoreFixMemory(db);
    const json = options.format === 'json';
    const write = (value: unknown, text: string) =>
      io.stdout.write(json ? `${JSON.stringify(value, null, 2)}\n` : text);
    if (action === 'list') {
      const entries = await memory.list(options.repo);
      write(entries, entries.length ? `${entries.map(entryLine).join('\n')}\n` : 'the fix memory is empty\n');
    } else if (action === 'show') {
      const shown = await memory.show(signature!, options.repo);
      if (!shown.entries.length) throw new AutofixError('usage', `no memory of signature ${signature}`);
      const rows = shown.rows.map(
        (r) =>
          `  ${r.at.slice(0, 19)} ${r.repository}${r.pr !== null ? `#${r.pr}` : ''} ${r.strategy} ${r.path ?? ''}: ${r.result}${r.verdict ? `, ${r.verdict}` : ''}${r.reason ? ` (${r.reason})` : ''}`,
      );
      write(shown, `${shown.entries.map(entryLine).join('\n')}\n${rows.join('\n')}\n`);
    } else {
      const n = await memory.forget({
        ...(signature ? { signature } : {}),
        ...(options.repo ? { repo: options.repo } : {}),
      });
      write({ forgotten: n }, `forgot ${n} record(s)\n`);
    }
    return 0;
  } finally {
    await db.close();
  }
}
