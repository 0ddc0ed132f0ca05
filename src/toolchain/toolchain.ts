import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { packageOf, pinOf } from '../tools/catalog-pins.js';
import { ECOSYSTEMS } from '../tools/shared/ecosystems.js';
import { detectPins, VERSION, versionIn, type Pin, type PinnedTool } from '../tools/pins.js';

/**
 * The repository's own tool versions, made available: for each pinned tool whose installed version
 * differs (or that is missing), the pinned release is installed once into a cache
 * (`CI_AUTOFIX_TOOL_CACHE`, else `$XDG_CACHE_HOME/ci-autofix/tools`) and its folder goes first on the
 * PATH of every check and fixer of the job. Installing runs no repository code: a wheel only (pip
 * `--only-binary`), npm with `--ignore-scripts`, a tool name from a fixed list and a version that is a
 * plain release number. Where it cannot be installed (no index, no such release), the job says which
 * version ran instead; fixes then stay within the files the failing run named, as they always do.
 */
export interface PreparedTools {
  /** Folders to put first on PATH, in order. */
  binDirs: string[];
  notes: string[];
  pins: Array<Pin & { installed?: string; provisioned: boolean }>;
}

/** What a tool prints for `--version` now (through the sandbox, in the worktree); undefined when missing. */
export type InstalledVersion = (tool: PinnedTool) => Promise<string | undefined>;

export function defaultToolCache(env: NodeJS.ProcessEnv): string {
  if (env.CI_AUTOFIX_TOOL_CACHE) return env.CI_AUTOFIX_TOOL_CACHE;
  return join(env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'ci-autofix', 'tools');
}

function run(
  argv: string[],
  env: NodeJS.ProcessEnv,
  timeoutMs: number,
): Promise<{ ok: boolean; output: string }> {
  return new Promise((resolve) => {
    execFile(
      argv[0]!,
      argv.slice(1),
      { env, timeout: timeoutMs, maxBuffer: 8 * 1024 * 1024 },
      (err, stdout, stderr) => resolve({ ok: !err, output: `${stdout}${stderr}`.trim() }),
    );
  });
}

export class Toolchain {
  constructor(
    readonly cacheDir: string,
    private readonly env: NodeJS.ProcessEnv = process.env,
    private readonly installTimeoutMs = 180_000,
  ) {}

  /** The bin folder of `pin` in the cache, installing it first when needed; or why it could not be. */
  async ensure(pin: Pin): Promise<{ bin: string } | { error: string }> {
    if (!VERSION.test(pin.version)) return { error: `"${pin.version}" is not a release version` };
    const dir = join(this.cacheDir, pin.ecosystem, `${pin.tool}-${pin.version}`);
    const bin = ECOSYSTEMS[pin.ecosystem].bin(dir);
    const done = join(dir, '.complete');
    if (existsSync(done) && existsSync(join(bin, pin.tool))) return { bin };
    // A release that could not be installed is not tried again for a day (every run would wait for it).
    const failed = `${dir}.failed`;
    const lastFailure = await stat(failed).catch(() => undefined);
    if (lastFailure && Date.now() - lastFailure.mtimeMs < 24 * 3600_000)
      return {
        error: `${(await readFile(failed, 'utf8')).trim() || 'failed'}; tried again after a day, or delete ${failed}`,
      };
    await rm(dir, { recursive: true, force: true });
    await mkdir(dir, { recursive: true });
    const steps = ECOSYSTEMS[pin.ecosystem].steps(dir, packageOf(pin.tool), pin.version);
    for (const argv of steps) {
      const r = await run(argv, this.env, this.installTimeoutMs);
      if (!r.ok) {
        await rm(dir, { recursive: true, force: true });
        const last = r.output.split('\n').filter(Boolean).at(-1) ?? 'failed';
        const error = `${argv[0]!.split('/').pop()} ${argv[1]}: ${last.slice(0, 300)}`;
        await writeFile(failed, `${error}\n`);
        return { error };
      }
    }
    if (!existsSync(join(bin, pin.tool))) return { error: `the install has no ${pin.tool} program` };
    await writeFile(done, `${new Date().toISOString()}\n`);
    return { bin };
  }

  /**
   * Makes `wanted` tools available: each the repository pins, where the installed version differs; and,
   * for a `helpers` tool ci-autofix itself needs (ruff, to fix flake8's findings) that is neither pinned
   * nor installed, the release ci-autofix is tested with. Tools the job does not use are never installed.
   */
  async prepare(
    root: string,
    installed: InstalledVersion,
    wanted: readonly string[],
    helpers: readonly string[] = [],
  ): Promise<PreparedTools> {
    const read = (file: string) => {
      try {
        return readFileSync(join(root, file), 'utf8');
      } catch {
        return undefined;
      }
    };
    const out: PreparedTools = { binDirs: [], notes: [], pins: [] };
    const pins = detectPins(read);
    for (const pin of pins.filter((p) => wanted.includes(p.tool))) {
      const printed = await installed(pin.tool);
      const now = printed === undefined ? undefined : versionIn(printed);
      if (now === pin.version) {
        out.pins.push({ ...pin, installed: now, provisioned: false });
        continue;
      }
      const got = pinOf(pin.tool)?.provisioned
        ? await this.ensure(pin)
        : { error: 'its plugins come from the project’s own install' };
      if ('bin' in got) {
        out.binDirs.push(got.bin);
        out.pins.push({ ...pin, installed: now, provisioned: true });
        out.notes.push(
          `${pin.tool} ${pin.version} (pinned in ${pin.source}) was used${now ? `, not the installed ${now}` : ''}`,
        );
      } else {
        out.pins.push({ ...pin, installed: now, provisioned: false });
        out.notes.push(
          `${pin.tool} ${pin.version} is pinned in ${pin.source} but could not be installed (${got.error}); ${now ? `${pin.tool} ${now} ran instead` : `${pin.tool} is not installed`}, and fixes stay within the files the failing run named`,
        );
      }
    }
    for (const tool of helpers) {
      const pinned = pinOf(tool);
      const helper = pinned?.helper;
      if (!pinned || !helper || pins.some((p) => p.tool === tool) || (await installed(tool)) !== undefined)
        continue;
      const got = await this.ensure({
        tool,
        version: helper.version,
        source: 'ci-autofix',
        ecosystem: pinned.ecosystem,
      });
      if ('bin' in got) {
        out.binDirs.push(got.bin);
        out.notes.push(`${tool} ${helper.version} was installed for ci-autofix's own use (${helper.use})`);
      } else
        out.notes.push(
          `${tool} is not installed and could not be (${got.error}); ${helper.use} is not possible`,
        );
    }
    return out;
  }
}
