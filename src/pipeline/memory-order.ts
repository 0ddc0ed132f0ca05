import type { Avoid } from './memory-types.js';

/** People's verdicts on one strategy's fixes of one kind of finding (fix commits, not findings). */
export interface Acceptance {
  signature: string;
  /** A replay counts for the strategy whose fix it replayed. */
  strategy: string;
  accepted: number;
  rejected: number;
  /** This repository's record, or (false) the organisation's, with `memory.share: organisation`. */
  own: boolean;
}

const score = (a: Acceptance) => a.accepted - a.rejected;

/**
 * Strategies in the order of their past acceptance: for a kind of finding, a strategy people rejected
 * more often than they accepted yields to one they accepted more often — it is skipped for that
 * signature, with the reason, and the next strategy (another fixer, then the model) goes first. This
 * repository's record counts before the organisation's; with no verdict either way, the default order
 * (the tool's fix, then the model) holds, so a free tool fix is never put behind a paid one on no
 * evidence. `/autofix retry` tries everything again, as for every skip.
 */
export function orderRules(records: readonly Acceptance[]): Avoid[] {
  const bySignature = new Map<string, Map<string, Acceptance>>();
  for (const r of records) {
    const strategy = r.strategy.replace(/^replay:/, '');
    const mine = bySignature.get(r.signature) ?? new Map<string, Acceptance>();
    bySignature.set(r.signature, mine);
    const had = mine.get(strategy);
    // The repository's own record replaces the organisation's; records of the same scope add up.
    if (had && had.own && !r.own) continue;
    const base = had && had.own === r.own ? had : { ...r, strategy, accepted: 0, rejected: 0 };
    mine.set(strategy, {
      ...base,
      accepted: base.accepted + r.accepted,
      rejected: base.rejected + r.rejected,
    });
  }
  return [...bySignature.values()].flatMap((mine) => {
    const all = [...mine.values()];
    const best = all.reduce((a, b) => (score(b) > score(a) ? b : a));
    if (score(best) <= 0) return [];
    return all
      .filter((a) => score(a) < 0)
      .map((a) => ({
        signature: a.signature,
        strategy: a.strategy,
        reason: `people rejected ${a.strategy} ${a.rejected} time(s) and accepted it ${a.accepted} time(s) for this kind of finding${a.own ? '' : ' in the organisation'}; ${best.strategy} was accepted ${best.accepted} time(s) and goes first`,
      }));
  });
}
