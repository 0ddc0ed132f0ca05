import { describe, expect, it } from 'vitest';
import { orderRules, type Acceptance } from './memory-order.js';

const rec = (strategy: string, accepted: number, rejected: number, own = true): Acceptance => ({
  signature: 'sig-f401',
  strategy,
  accepted,
  rejected,
  own,
});

describe('strategies in the order of their past acceptance', () => {
  it('a strategy people rejected more often than they accepted yields to one they accepted', () => {
    const rules = orderRules([rec('tool:unused-imports', 0, 2), rec('tool:ruff-check', 3, 0)]);
    expect(rules).toEqual([
      {
        signature: 'sig-f401',
        strategy: 'tool:unused-imports',
        reason:
          'people rejected tool:unused-imports 2 time(s) and accepted it 0 time(s) for this kind of finding; tool:ruff-check was accepted 3 time(s) and goes first',
      },
    ]);
  });

  it('no verdict either way keeps the default order: a free tool fix is never put behind the model on no evidence', () => {
    expect(orderRules([rec('tool:ruff-check', 0, 0), rec('model:anthropic/claude', 2, 0)])).toEqual([]);
    // Rejected, with nothing better: no order to change (the streak rule skips it after 3).
    expect(orderRules([rec('tool:ruff-check', 0, 2)])).toEqual([]);
    // Even: no strategy is worse than another.
    expect(orderRules([rec('tool:ruff-check', 1, 1), rec('model:anthropic/claude', 1, 0)])).toEqual([]);
  });

  it("this repository's record counts before the organisation's; a replay counts for the fix it replayed", () => {
    // The organisation rejected the tool's fix, but here people accept it: no rule.
    const own = orderRules([
      rec('tool:ruff-check', 0, 4, false),
      rec('tool:ruff-check', 2, 0),
      rec('model:anthropic/claude', 1, 0, false),
    ]);
    expect(own).toEqual([]);
    // Only the organisation's record: it decides, and the reason says whose it is.
    const org = orderRules([rec('tool:ruff-check', 0, 2, false), rec('replay:model:anthropic/claude', 1, 0)]);
    expect(org.map((r) => [r.strategy, r.reason.includes('in the organisation')])).toEqual([
      ['tool:ruff-check', true],
    ]);
    expect(org[0]!.reason).toContain('model:anthropic/claude was accepted 1 time(s)');
  });
});
