import { existsSync, readdirSync, realpathSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { sandboxEnv } from './env-allow-list.js';
import { runProcess } from './run-process.js';
import type { ExecResult, RunRequest, Sandbox } from './sandbox.js';

const HOME = '/tmp/home';

const isBin = (p: string) => basename(p) === 'bin' || basename(p) === '.bin';
const inTmp = (p: string) => p.startsWith('/tmp/');

/**
 * The folders under /tmp, outside `root` (the real folder bound for `dir`), of the tools that entries of
 * `dir` link to, remembered until the folder's entries change (its mtime): every sandboxed command asks,
 * and a node_modules/.bin holds hundreds of links, each resolved through any linked package folder.
 */
const linkedFolders = new Map<string, { mtimeMs: number; folders: string[] }>();
function linkedToolFolders(dir: string, root: string): string[] {
  const key = `${dir}\0${root}`;
  const mtimeMs = statSync(dir).mtimeMs;
  const known = linkedFolders.get(key);
  if (known?.mtimeMs === mtimeMs) return known.folders;
  const folders = new Set<string>();
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    if (!e.isSymbolicLink()) continue;
    let target: string;
    try {
      target = dirname(realpathSync(join(dir, e.name)));
    } catch {
      continue; // a dangling link
    }
    if (inTmp(target) && target !== root && !target.startsWith(`${root}/`))
      folders.add(isBin(target) ? dirname(target) : target);
  }
  linkedFolders.set(key, { mtimeMs, folders: [...folders] });
  return [...folders];
}

/**
 * Folders under /tmp that hold the tools a command runs: each PATH entry there (a `bin` folder's parent,
 * so a virtualenv's or node_modules' libraries come along) and the program's own folder. Each is a pair:
 * the real folder, and the path the command knows it by, which differs when it is reached through a
 * symbolic link (a checkout's `node_modules` linked to a shared install): PATH and argv name the link,
 * and the link's own folder is not in the sandbox's /tmp, so both paths are bound. A program that is
 * itself a link to a tool elsewhere under /tmp (a folder of links to chosen tools) brings that tool's
 * folder too.
 */
function toolRoots(path: string, program: string): Array<{ real: string; seen: string }> {
  const dirs = path.split(':').filter(inTmp);
  if (inTmp(program)) dirs.push(dirname(program));
  const roots = new Map<string, { real: string; seen: string }>();
  const add = (real: string, seen: string) => roots.set(`${real}\0${seen}`, { real, seen });
  for (const d of dirs) {
    if (!existsSync(d)) continue;
    const real = realpathSync(d);
    const root = isBin(real) ? dirname(real) : real;
    add(root, isBin(d) ? dirname(d) : d);
    for (const folder of linkedToolFolders(d, root)) add(folder, folder);
  }
  return [...roots.values()];
}

export function bwrapArgs(request: RunRequest, env: Record<string, string>): string[] {
  const args = [
    '--unshare-all',
    '--unshare-user',
    '--uid',
    '65534',
    '--gid',
    '65534',
    '--cap-drop',
    'ALL',
    '--die-with-parent',
    '--new-session',
  ];
  if (request.network) args.push('--share-net');
  args.push('--ro-bind', '/', '/', '--dev', '/dev', '--proc', '/proc', '--tmpfs', '/tmp', '--dir', HOME);
  const writable = request.writable.map((dir) => realpathSync(dir));
  for (const dir of writable) args.push('--bind', dir, dir);
  // The sandbox's /tmp is its own: a working folder there must be bound in, read-only when not writable,
  // and so must tools installed under /tmp (a virtualenv or node_modules of a checkout in /tmp).
  const cwd = realpathSync(request.cwd);
  const inside = (p: string) => writable.some((dir) => p === dir || p.startsWith(`${dir}/`));
  const readOnly = new Map<string, string>(); // where → what
  if (!inside(cwd)) readOnly.set(cwd, cwd);
  for (const { real, seen } of toolRoots(env.PATH ?? '', request.argv[0] ?? '')) {
    if (!inside(real)) readOnly.set(real, real);
    // Not where the link is already visible (in the worktree or the working folder): bwrap cannot mount
    // over a link inside a read-only bind, and there it resolves anyway.
    const visible = inside(seen) || [...readOnly.keys()].some((d) => seen === d || seen.startsWith(`${d}/`));
    if (seen !== real && !visible) readOnly.set(seen, real);
  }
  for (const dir of request.readable ?? [])
    if (existsSync(dir) && !inside(realpathSync(dir))) readOnly.set(realpathSync(dir), realpathSync(dir));
  for (const [where, what] of readOnly) args.push('--ro-bind', what, where);
  args.push('--chdir', cwd, '--clearenv');
  for (const [name, value] of Object.entries(env)) args.push('--setenv', name, value);
  args.push('--', ...request.argv);
  return args;
}

/**
 * bubblewrap: new user, pid, network, ipc and uts namespaces; the system read-only; only the writable
 * folders (the worktree) bound read-write; a private /tmp; no capabilities; uid/gid 65534. bwrap itself
 * is started with the allow-listed environment too: its pid-1 helper inside the sandbox keeps the
 * environment it was started with, and /proc/1/environ is readable from inside.
 * https://github.com/containers/bubblewrap
 */
export class BwrapSandbox implements Sandbox {
  readonly backend = 'bwrap' as const;

  constructor(
    private readonly bwrapPath = 'bwrap',
    private readonly parentEnv: NodeJS.ProcessEnv = process.env,
  ) {}

  async run(request: RunRequest): Promise<ExecResult> {
    const env = sandboxEnv(this.parentEnv, request.env, HOME, request.brokered, request.pathPrefix);
    return runProcess([this.bwrapPath, ...bwrapArgs(request, env)], {
      cwd: request.cwd,
      env,
      timeoutMs: request.timeoutMs,
      maxOutputBytes: request.maxOutputBytes,
      stdin: request.stdin,
      backend: this.backend,
    });
  }
}
