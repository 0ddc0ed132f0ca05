import type { Writable } from 'node:stream';
import { forgeFor, runPr, webhookOf, type SandboxKind } from '../../compose/index.js';
import { autoApprove, takeSecrets } from '../../config/index.js';
import { AutofixError } from '../../domain/index.js';
import type { PrOutcome } from '../../pipeline/index.js';
import { progressPrinter } from '../progress-printer.js';
import { fixSummary } from './fix-summary.js';

export interface PrCliOptions {
  format: string;
  dryRun?: boolean;
  check?: string;
  dependenciesFrom?: string;
  maxAttempts?: string;
  sandbox?: SandboxKind;
}

/** `OWNER/REPO#N`, or a pull request's web address (github.com or GitHub Enterprise Server). */
export function parsePrTarget(target: string): { repo: string; number: number } {
  const short = /^([\w.-]+)\/([\w.-]+)#(\d+)$/.exec(target);
  const url = /^https?:\/\/[^/\s]+\/([\w.-]+)\/([\w.-]+)\/pull\/(\d+)(?:[/?#].*)?$/.exec(target);
  const m = short ?? url;
  if (!m || Number(m[3]) < 1)
    throw new AutofixError(
      'usage',
      `"${target}" is not a pull request: give OWNER/REPO#NUMBER (e.g. octo/app#12) or its URL (https://github.com/octo/app/pull/12)`,
    );
  return { repo: `${m[1]}/${m[2]}`, number: Number(m[3]) };
}

/**
 * A pull request's title as one quoted line of text: its author chose it, and a terminal or the Action's
 * log must not take any of it for a control sequence or, after a line break, for a workflow command.
 */
export function quotedTitle(title: string): string {
  // JSON escapes line breaks and C0 controls; DEL and the C1 controls (a CSI among them) are dropped.
  return JSON.stringify(title.replace(/[\u007f-\u009f]/g, ''));
}

export function prSummary(o: PrOutcome): string {
  const pr = o.pull_request;
  const out = [
    `pull request: ${pr.repo}#${pr.number}${pr.title ? ` ${quotedTitle(pr.title)}` : ''} at ${pr.head_sha.slice(0, 7)}`,
  ];
  for (const j of o.failed_jobs)
    out.push(`  failed: ${j.name}${j.steps.length ? ` (${j.steps.join(', ')})` : ''}`);
  if (o.reason) out.push(`${o.outcome}: ${o.reason}`);
  if (o.fix) out.push(fixSummary(o.fix, '').trimEnd());
  else out.push(`outcome: ${o.outcome}`);
  const p = o.published;
  if (p.mode !== 'none')
    out.push(
      `published: ${p.mode}${p.branch ? ` ${p.branch}` : ''}${p.pull_request ? ` ${p.pull_request}` : ''}${p.review ? ` ${p.review}` : ''} (${p.commits.length} commit(s))`,
    );
  if (p.comment !== undefined) out.push(`status comment: ${p.comment}`);
  for (const n of o.notes) out.push(`note: ${n}`);
  out.push(
    `GitHub: ${o.github_requests} request(s); time: ${(o.timing.total_ms / 1000).toFixed(1)} s (GitHub ${(o.timing.github_ms / 1000).toFixed(1)}, clone ${(o.timing.clone_ms / 1000).toFixed(1)}, fix ${(o.timing.fix_ms / 1000).toFixed(1)}, publish ${(o.timing.publish_ms / 1000).toFixed(1)})`,
  );
  return `${out.join('\n')}\n`;
}

/** `ci-autofix pr TARGET`: exit 0 when fixed and published (pushed or proposed), 1 otherwise, 2 usage/config. */
export async function prCommand(
  target: string,
  options: PrCliOptions,
  io: { stdout: Writable; stderr: Writable; env: NodeJS.ProcessEnv } = {
    stdout: process.stdout,
    stderr: process.stderr,
    env: process.env,
  },
): Promise<number> {
  if (!['text', 'json'].includes(options.format))
    throw new AutofixError('usage', `--format must be text or json (got "${options.format}")`);
  const pr = parsePrTarget(target);
  const maxAttempts = options.maxAttempts === undefined ? undefined : Number(options.maxAttempts);
  if (maxAttempts !== undefined && !(Number.isInteger(maxAttempts) && maxAttempts >= 1))
    throw new AutofixError(
      'usage',
      `--max-attempts must be a positive whole number (got "${options.maxAttempts}")`,
    );
  const env = io.env;
  const forge = await forgeFor(pr.repo, env);
  const webhook = webhookOf(env);
  const approve = autoApprove(env);
  takeSecrets(env);
  const { format, maxAttempts: _, ...rest } = options;
  const outcome = await runPr(
    pr,
    { ...rest, ...(maxAttempts ? { maxAttempts } : {}) },
    {
      forge,
      env,
      autoApprove: approve,
      events: progressPrinter(io.stderr),
      ...(webhook ? { webhook } : {}),
    },
  );
  io.stdout.write(format === 'json' ? `${JSON.stringify(outcome, null, 2)}\n` : prSummary(outcome));
  const published = outcome.published.mode !== 'none';
  return outcome.outcome === 'fixed' && published ? 0 : 1;
}
