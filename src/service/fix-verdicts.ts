import type { ForgeWatch } from '../forge/forge.js';
import { isFixBranch, verdictsOf } from '../pipeline/index.js';
import type { StoreFixMemory } from '../store/index.js';
import type { Intent } from './intents.js';
import type { Logger } from './logger.js';

type VerdictsIntent = Extract<Intent, { kind: 'verdicts' }>;

/**
 * Learns what people did with the fixes published to a pull request, when it changes or closes (a
 * webhook, or the poller seeing its head move or the PR leave the open list): its commits say which fix
 * a person reverted, and whether the PR merged with the rest. A PR with no fix waiting for a verdict
 * costs no request. Never throws: what it cannot read now, the PR's next job reads from its clone
 * (reverts), and a later change or the merge reads again.
 */
export function verdictLearner(deps: {
  fixMemory: Pick<StoreFixMemory, 'pending' | 'judge'>;
  forge(repo: string, installationId?: number): Promise<Pick<ForgeWatch, 'pullHistory'>>;
  log: Logger;
}): (intent: VerdictsIntent) => Promise<string> {
  return async (intent) => {
    const where = `${intent.repo}#${intent.pr}`;
    // A fix branch's pull request holds only fixes, recorded under the PR they fix: judged when it closes.
    const fixBranch = intent.headRef !== undefined && isFixBranch(intent.headRef);
    try {
      const pending = fixBranch ? [] : await deps.fixMemory.pending(intent.repo, intent.pr);
      if (fixBranch ? !intent.closed : !pending.length) return `${where}: no fix waits for a verdict`;
      const forge = await deps.forge(intent.repo, intent.installationId);
      const history = await forge.pullHistory(intent.repo, intent.pr);
      const verdicts = verdictsOf({ repo: intent.repo, number: intent.pr, ...history, fixBranch }, pending);
      const said: string[] = [];
      for (const v of verdicts) {
        const n = await deps.fixMemory.judge(intent.repo, v.commits, v.verdict, v.reason);
        if (n) said.push(`${n} fix record(s) ${v.verdict} (${v.reason})`);
      }
      return `${where}: ${said.length ? said.join('; ') : 'no verdict yet'}`;
    } catch (err) {
      deps.log.warn({ err, repo: intent.repo, pr: intent.pr }, 'fix verdicts not read');
      return `${where}: verdicts not read (${(err as Error).message}); read again at its next change`;
    }
  };
}
